/** The server's version, as published in NodeInfo and the user agent. Keep in step with package.json. */
export const VERSION = "0.1.0";
