// Enhancement for forms that send files (form[data-upload-progress]): when a
// file is chosen, the form is sent with XMLHttpRequest so that the page can
// show how much has gone (upload progress events), and a file larger than the
// instance accepts is stopped before sending anything. The server's answer
// then replaces the page, as a normal submission would. Without this script
// the form is sent the usual way and the browser shows its own progress.
for (const form of document.querySelectorAll("form[data-upload-progress]")) {
  const status = form.querySelector(".upload-progress");
  const bar = status?.querySelector("progress");
  const label = status?.querySelector("span");
  if (!status || !bar || !label || typeof FormData !== "function") continue;

  form.addEventListener("submit", (event) => {
    const inputs = [...form.querySelectorAll('input[type="file"]')];
    const files = inputs.flatMap((input) => [...(input.files ?? [])]);
    if (files.length === 0) return; // nothing slow to show: the browser sends it

    const max = Math.min(...inputs.map((input) => Number(input.dataset.maxBytes) || Infinity));
    if (files.some((file) => file.size > max)) {
      event.preventDefault();
      status.hidden = false;
      bar.hidden = true;
      label.textContent = label.dataset.labelTooLarge ?? "";
      return;
    }

    event.preventDefault();
    const data = new FormData(form, event.submitter ?? undefined);
    // Not form.action: the buttons are named "action", and a form's named controls shadow its properties.
    const target = new URL(form.getAttribute("action") ?? "", location.href);
    const request = new XMLHttpRequest();
    request.open("POST", target.href);
    status.hidden = false;
    bar.hidden = false;
    bar.value = 0;
    label.textContent = label.dataset.labelSending ?? "";
    for (const button of form.querySelectorAll("button")) button.disabled = true;

    request.upload.addEventListener("progress", (progress) => {
      if (!progress.lengthComputable) return;
      const percent = Math.round((progress.loaded / progress.total) * 100);
      bar.value = percent;
      label.textContent = `${label.dataset.labelSending ?? ""} ${percent} %`;
    });
    request.addEventListener("load", () => {
      // A redirect was followed (the note was saved): go where it led.
      if (request.responseURL && new URL(request.responseURL).pathname !== target.pathname) {
        location.assign(request.responseURL);
        return;
      }
      // Otherwise the answer is the form again (a preview, a refusal): show it as the page.
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener("error", () => {
      // The connection failed (a proxy's limit, say): send it the usual way, which shows the browser's own message.
      for (const button of form.querySelectorAll("button")) button.disabled = false;
      status.hidden = true;
      // submit() sends no button: say which one was pressed.
      if (event.submitter?.name) {
        const pressed = document.createElement("input");
        pressed.type = "hidden";
        pressed.name = event.submitter.name;
        pressed.value = event.submitter.value;
        form.append(pressed);
      }
      HTMLFormElement.prototype.submit.call(form);
    });
    request.send(data);
  });
}
