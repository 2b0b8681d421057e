/* Passkey ceremonies (issue 10). A form opts in with
     <form data-passkey="register|login" action="<answer URL>" data-options="<options URL>">
   On submit: POST to data-options for a one-time challenge (JSON), run navigator.credentials,
   POST the credential (and the [data-passkey-name] field, when there is one) to action as JSON, then follow
   {"redirect": url} (an empty url: the form's data-then, or the page again) or show {"detail": message}. */
(function () {
  "use strict";

  function say(form, text) {
    var out = form.querySelector("[data-passkey-status]");
    out.textContent = text;
    out.hidden = !text;
  }

  function post(form, url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json",
                 "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.detail || "Something went wrong. Try again."); }
        return data;
      });
    });
  }

  function ceremony(kind, options) {
    if (kind === "register") {
      return navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
    }
    return navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-passkey]");
    if (!form) { return; }
    event.preventDefault();
    if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON || !window.isSecureContext) {
      say(form, "This browser cannot use passkeys on this page. Use an up-to-date browser, over https.");
      return;
    }
    var kind = form.getAttribute("data-passkey");
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    say(form, "");
    post(form, form.getAttribute("data-options"), {})
      .then(function (options) { return ceremony(kind, options); })
      .then(function (credential) {
        var body = { credential: credential.toJSON() };
        var name = form.querySelector("[data-passkey-name]");
        if (name) { body.name = name.value; }
        return post(form, form.action, body);
      })
      .then(function (data) {
        var then = data.redirect || form.getAttribute("data-then");
        if (then) { window.location.assign(then); } else { window.location.reload(); }
      })
      .catch(function (error) {
        button.disabled = false;
        say(form, error.name === "NotAllowedError"
          ? "The passkey was not used (cancelled or timed out). Try again."
          : error.message);
      });
  });
}());
