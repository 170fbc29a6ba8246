// Demo page of the local stack: request an upload URL, PUT the file straight to S3, wait for the
// service to confirm it, show the avatar. Plain JS, no build step.
"use strict";

const CONFIRM_TIMEOUT_MS = 30000;
const POLL_INTERVAL_MS = 500;
// Headers a page may not set itself: the browser sends them (Content-Length is the file's size,
// which is the value the URL was signed with).
const BROWSER_CONTROLLED_HEADERS = new Set(["content-length", "host"]);

class UploadError extends Error {}

const $ = (id) => document.getElementById(id);

function megabytes(bytes) {
  return (bytes / (1024 * 1024)).toFixed(1) + " MB";
}

// What the API's error answers mean for the person uploading.
function apiErrorText(status, body, file) {
  const message = (body && body.message) || "";
  switch (status) {
    case 400:
      return `The service did not accept this upload: ${message || "the request was invalid"}.`;
    case 401:
      return "You are not signed in (the token was missing or has expired). Reload the page and try again.";
    case 404:
      return "There is no profile for this user, so no picture can be uploaded for it.";
    case 413:
      return `This picture is too large (${megabytes(file.size)}). ${limitFrom(message)}Choose a smaller image.`;
    case 415:
      return `This kind of file (${file.type || "unknown type"}) can't be a profile picture. Choose a JPEG, PNG, WebP or GIF image.`;
    case 503:
      return "The service is busy right now. Wait a moment and try again.";
    default:
      if (status >= 500) {
        const reference = body && body.requestId ? ` (reference ${body.requestId})` : "";
        return `Something went wrong on our side${reference}. Try again later.`;
      }
      return `The upload could not be started (HTTP ${status}${message ? ": " + message : ""}).`;
  }
}

function limitFrom(message) {
  const bytes = /at most (\d+) bytes/.exec(message);
  return bytes ? `The limit is ${megabytes(Number(bytes[1]))}. ` : "";
}

// What S3's XML error answer to the PUT means for the person uploading.
function storageErrorText(status, xmlText) {
  const code = /<Code>([^<]*)<\/Code>/.exec(xmlText || "");
  const detail = /<Message>([^<]*)<\/Message>/.exec(xmlText || "");
  const errorCode = code ? code[1] : "";
  const errorMessage = detail ? detail[1] : "";
  if (status === 403 && /expired/i.test(errorMessage + errorCode)) {
    return "The upload link expired before the photo was sent. Upload again to get a fresh link.";
  }
  if (errorCode === "SignatureDoesNotMatch") {
    return "Storage refused the upload: what was sent does not match what the link was made for (a header such as Content-Type differs). Upload again.";
  }
  if (errorCode === "EntityTooLarge" || status === 413) {
    return "Storage refused the upload because the picture is too large.";
  }
  if (status === 403) {
    return `Storage refused the upload (access denied${errorMessage ? ": " + errorMessage : ""}). Upload again to get a fresh link.`;
  }
  return `Storage refused the upload (HTTP ${status}${errorCode ? ", " + errorCode : ""}). Try again.`;
}

function blockedUploadText() {
  // A browser reports a CORS refusal and a network failure the same way, with no detail: say both.
  if (!navigator.onLine) {
    return "The upload failed: this device is offline. Check your connection and try again.";
  }
  return `The upload was blocked before it reached storage. Either the network failed, or the bucket's CORS rules do not allow uploads from this site (${location.origin}). Check the bucket's allowed origins.`;
}

async function callApi(path, options, file) {
  let response;
  try {
    response = await fetch(path, options);
  } catch (error) {
    throw new UploadError("Could not reach the API: the network failed or the request was blocked (CORS). Check your connection and try again.");
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new UploadError(apiErrorText(response.status, body, file));
  }
  return body;
}

async function requestUploadUrl(user, file) {
  const { token } = await callApi(`/_local/token?user=${encodeURIComponent(user)}`, {}, file);
  return callApi(
    "/profile/image",
    {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ fileName: file.name, contentType: file.type, contentLength: file.size }),
    },
    file,
  );
}

function putToStorage(ticket, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(ticket.method || "PUT", ticket.uploadURL);
    for (const [name, value] of Object.entries(ticket.headers || {})) {
      if (!BROWSER_CONTROLLED_HEADERS.has(name.toLowerCase())) {
        xhr.setRequestHeader(name, value);
      }
    }
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else {
        reject(new UploadError(storageErrorText(xhr.status, xhr.responseText)));
      }
    };
    xhr.onerror = () => reject(new UploadError(blockedUploadText()));
    xhr.ontimeout = () => reject(new UploadError("The upload took too long and was stopped. Check your connection and try again."));
    xhr.send(file);
  });
}

async function readImageUrl(user) {
  const response = await fetch(`/_local/users/${encodeURIComponent(user)}`, { cache: "no-store" });
  if (!response.ok) return null;
  const item = await response.json();
  return item.imageUrl || null;
}

async function waitForConfirmation(user, imageUrl) {
  const deadline = Date.now() + CONFIRM_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if ((await readImageUrl(user).catch(() => null)) === imageUrl) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new UploadError("The photo was sent but the service has not accepted it. It may not be a real image, or it may be damaged: try another file.");
}

async function showCurrentAvatar() {
  const current = await readImageUrl($("user").value.trim()).catch(() => null);
  if (current) {
    await showAvatar(current).catch(() => {});
  } else {
    $("avatar").hidden = true;
    $("avatar-empty").hidden = false;
  }
}

function showAvatar(url) {
  return new Promise((resolve, reject) => {
    const avatar = $("avatar");
    avatar.onload = () => {
      avatar.hidden = false;
      $("avatar-empty").hidden = true;
      resolve();
    };
    avatar.onerror = () => reject(new UploadError("The new picture was saved but could not be displayed. Reload the page."));
    avatar.src = url;
  });
}

function setStatus(state, text) {
  const status = $("status");
  status.dataset.state = state;
  status.textContent = text;
}

function setProgress(fraction) {
  const progress = $("progress");
  progress.hidden = false;
  progress.value = Math.round(fraction * 100);
}

function choose() {
  const file = $("file").files[0];
  const figure = $("preview-figure");
  if (!file) {
    figure.hidden = true;
    $("upload").disabled = true;
    return;
  }
  const preview = $("preview");
  if (preview.src) URL.revokeObjectURL(preview.src);
  preview.src = URL.createObjectURL(file);
  $("preview-caption").textContent = `${file.name} · ${megabytes(file.size)}`;
  figure.hidden = false;
  $("upload").disabled = false;
  $("progress").hidden = true;
  setStatus("ready", "Ready to upload.");
}

async function upload(event) {
  event.preventDefault();
  const file = $("file").files[0];
  const user = $("user").value.trim() || "demo";
  if (!file) return;
  $("upload").disabled = true;
  try {
    setStatus("requesting", "Asking for an upload link…");
    const ticket = await requestUploadUrl(user, file);
    setStatus("uploading", "Uploading…");
    setProgress(0);
    await putToStorage(ticket, file, (fraction) => {
      setProgress(fraction);
      setStatus("uploading", `Uploading… ${Math.round(fraction * 100)}%`);
    });
    setStatus("confirming", "Uploaded. Waiting for the service to check the picture…");
    await waitForConfirmation(user, ticket.imageUrl);
    await showAvatar(ticket.imageUrl);
    setStatus("done", "Your new profile picture is live.");
  } catch (error) {
    const text = error instanceof UploadError ? error.message : `Unexpected problem: ${error}`;
    setStatus("error", text);
  } finally {
    $("upload").disabled = !$("file").files[0];
  }
}

function start() {
  const user = new URLSearchParams(location.search).get("user");
  if (user) $("user").value = user;
  $("user").addEventListener("change", showCurrentAvatar);
  $("file").addEventListener("change", choose);
  $("upload-form").addEventListener("submit", upload);
  showCurrentAvatar();
}

start();
