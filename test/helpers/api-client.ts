// Calls the in-process JSON API as one of a set of named test users.
import type { Hono } from "hono";

export interface ApiCall {
  status: number;
  json: any;
}

export async function callApi(app: Pick<Hono<any>, "request">, token: string | null, method: string, path: string, body?: unknown): Promise<ApiCall> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await app.request(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}
