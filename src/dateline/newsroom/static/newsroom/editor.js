/* The article body editor: a toolbar and an editable area over the body textarea.
   Without JavaScript the textarea itself is the editor; either way the server cleans
   the HTML (dateline.core.html.clean_html), so this file only has to be convenient. */
(function () {
  "use strict";

  var BUTTONS = [
    ["p", "Paragraph", function () { document.execCommand("formatBlock", false, "p"); }],
    ["h2", "Heading", function () { document.execCommand("formatBlock", false, "h2"); }],
    ["h3", "Subheading", function () { document.execCommand("formatBlock", false, "h3"); }],
    ["b", "Bold", function () { document.execCommand("bold"); }],
    ["i", "Italic", function () { document.execCommand("italic"); }],
    ["a", "Link", function () {
      var url = window.prompt("Link address (https://…)");
      if (url) { document.execCommand("createLink", false, url); }
    }],
    ["ul", "Bulleted list", function () { document.execCommand("insertUnorderedList"); }],
    ["ol", "Numbered list", function () { document.execCommand("insertOrderedList"); }],
    ["q", "Block quote", function () { document.execCommand("formatBlock", false, "blockquote"); }],
    ["img", "Image", function (textarea) {
      var pickerUrl = textarea.getAttribute("data-media-picker");
      if (pickerUrl && window.fetch && window.HTMLDialogElement) {
        openPicker(pickerUrl);
        return;
      }
      var src = window.prompt("Image address (from the media library)");
      if (!src) { return; }
      var alt = window.prompt("Alt text (required to publish)") || "";
      var caption = window.prompt("Caption (optional)") || "";
      insertFigure(src, alt, caption);
    }],
    ["embed", "Embed video", function () {
      var src = embedSrc(window.prompt("YouTube or Vimeo address") || "");
      if (src) {
        document.execCommand("insertHTML", false,
          '<figure><iframe src="' + src + '" title="Embedded video" allowfullscreen></iframe></figure><p></p>');
      } else {
        window.alert("Only YouTube and Vimeo videos can be embedded.");
      }
    }]
  ];

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML.replace(/"/g, "&quot;");
  }

  function insertFigure(src, alt, caption) {
    var html = '<figure><img src="' + escapeHtml(src) + '" alt="' + escapeHtml(alt) + '">';
    if (caption) { html += "<figcaption>" + escapeHtml(caption) + "</figcaption>"; }
    document.execCommand("insertHTML", false, html + "</figure><p></p>");
  }

  /* The media library in a dialog: search, pick, confirm alt text and caption. */
  var savedRange = null;

  function openPicker(url) {
    var selection = window.getSelection();
    savedRange = selection.rangeCount ? selection.getRangeAt(0).cloneRange() : null;
    var dialog = document.createElement("dialog");
    dialog.className = "media-picker";
    dialog.setAttribute("aria-label", "Insert an image from the media library");
    var form = document.createElement("form");
    form.className = "media-picker-search";
    var label = document.createElement("label");
    label.textContent = "Search the media library ";
    var input = document.createElement("input");
    input.type = "search";
    input.name = "q";
    label.appendChild(input);
    var search = document.createElement("button");
    search.type = "submit";
    search.textContent = "Search";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Cancel";
    close.addEventListener("click", function () { dialog.close(); });
    form.appendChild(label);
    form.appendChild(search);
    form.appendChild(close);
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    var list = document.createElement("ul");
    list.className = "media-picker-list";
    dialog.appendChild(form);
    dialog.appendChild(status);
    dialog.appendChild(list);
    document.body.appendChild(dialog);
    dialog.addEventListener("close", function () { dialog.remove(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      load(url, input.value, list, status, dialog);
    });
    dialog.showModal();
    load(url, "", list, status, dialog);
  }

  function load(url, query, list, status, dialog) {
    status.textContent = "Loading…";
    fetch(url + "?q=" + encodeURIComponent(query), {credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        list.textContent = "";
        status.textContent = data.images.length ? data.images.length + " images" :
          "No images found. Upload them under Media library.";
        data.images.forEach(function (image) {
          var item = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          var thumb = document.createElement("img");
          thumb.src = image.thumbnail;
          thumb.alt = "";
          var name = document.createElement("span");
          name.textContent = image.title;
          button.appendChild(thumb);
          button.appendChild(name);
          button.addEventListener("click", function () { pick(image, dialog); });
          item.appendChild(button);
          list.appendChild(item);
        });
      })
      .catch(function (error) {
        status.textContent = "The media library could not be loaded (" + error.message + ").";
      });
  }

  function pick(image, dialog) {
    var alt = image.alt || window.prompt("Alt text (required to publish)") || "";
    var caption = window.prompt("Caption (optional)", image.caption || "");
    if (caption === null) { caption = image.caption || ""; }
    if (image.credit) { caption = caption ? caption + " (" + image.credit + ")" : image.credit; }
    dialog.close();
    var area = document.querySelector(".rich-text-area");
    area.focus();
    if (savedRange) {
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(savedRange);
    }
    insertFigure(image.url, alt, caption);
    area.dispatchEvent(new Event("input"));
  }

  function embedSrc(url) {
    var m = url.match(/^https:\/\/(?:www\.|m\.)?youtube\.com\/watch\?(?:.*&)?v=([\w-]{6,20})/) ||
            url.match(/^https:\/\/youtu\.be\/([\w-]{6,20})/);
    if (m) { return "https://www.youtube-nocookie.com/embed/" + m[1]; }
    m = url.match(/^https:\/\/(?:www\.)?vimeo\.com\/(\d+)/);
    return m ? "https://player.vimeo.com/video/" + m[1] : null;
  }

  function enhance(textarea) {
    var toolbar = document.createElement("div");
    var area = document.createElement("div");
    toolbar.className = "rich-text-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Formatting");
    area.className = "rich-text-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("aria-label", "Body");
    area.innerHTML = textarea.value || "<p></p>";
    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = spec[1];
      button.dataset.command = spec[0];
      button.addEventListener("click", function () { area.focus(); spec[2](textarea); sync(); });
      toolbar.appendChild(button);
    });
    function sync() { textarea.value = area.innerHTML; }
    area.addEventListener("input", sync);
    textarea.form.addEventListener("submit", sync);
    textarea.hidden = true;
    textarea.parentNode.insertBefore(toolbar, textarea);
    textarea.parentNode.insertBefore(area, textarea);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.execCommand("defaultParagraphSeparator", false, "p");
    Array.prototype.forEach.call(document.querySelectorAll("textarea.rich-text"), enhance);
  });
})();
