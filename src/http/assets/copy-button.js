// Enhancement for pages with text to copy (a citation, say): a button with
// data-copy-target="<element id>" copies that element's text and says so.
// Without this script the button stays hidden and the text remains
// selectable, so nothing depends on it.
for (const button of document.querySelectorAll("button[data-copy-target]")) {
  const target = document.getElementById(button.dataset.copyTarget);
  if (!target || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(target.value ?? target.textContent);
    button.textContent = button.dataset.copiedLabel ?? button.textContent;
  });
}
