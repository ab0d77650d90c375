// Diorama's pages work without this script; it adds autoplay and preloading in the feed,
// sound on tap, likes without a reload, sharing, live progress, character counts, the
// storyboard editor and the service worker. No inline script: the CSP forbids it.
"use strict";
(function () {
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  // Sound: every feed video is muted until the person asks for sound.
  let soundOn = false;
  function setSound(on) {
    soundOn = on;
    const button = document.getElementById("sound");
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "Mute" : "Unmute";
    }
    document.querySelectorAll(".feed video").forEach((v) => { v.muted = !on; });
  }

  // The feed: play the video on screen, pause the others, preload the next one, and
  // fetch more slides before the last one.
  function watchFeed(feed) {
    const playing = new IntersectionObserver((entries) => {
      entries.forEach((entry) => {
        const video = entry.target.querySelector("video");
        if (!video) return;
        if (entry.isIntersecting && entry.intersectionRatio >= 0.6) {
          video.muted = !soundOn;
          const p = video.play();
          if (p && p.catch) p.catch(() => {});
          const next = entry.target.nextElementSibling;
          const nextVideo = next && next.querySelector("video");
          if (nextVideo && nextVideo.preload !== "auto") { nextVideo.preload = "auto"; nextVideo.load(); }
        } else {
          video.pause();
        }
      });
    }, { root: feed, threshold: [0, 0.6, 1] });
    const more = new IntersectionObserver((entries) => {
      entries.forEach((entry) => {
        if (!entry.isIntersecting) return;
        const link = entry.target;
        more.unobserve(link);
        fetch(link.dataset.next, { credentials: "same-origin" })
          .then((r) => (r.ok ? r.text() : Promise.reject(r.status)))
          .then((html) => {
            const box = document.createElement("div");
            box.innerHTML = html;
            link.remove();
            Array.from(box.children).forEach((child) => {
              feed.appendChild(child);
              if (child.classList.contains("slide")) { playing.observe(child); bind(child); }
              if (child.classList.contains("more")) more.observe(child);
            });
          })
          .catch(() => more.observe(link));
      });
    }, { root: feed, rootMargin: "0px 0px 200% 0px" });
    feed.querySelectorAll(".slide").forEach((s) => playing.observe(s));
    feed.querySelectorAll(".more").forEach((m) => more.observe(m));
    // Tapping a video plays or pauses it; the first tap also turns the sound on.
    feed.addEventListener("click", (event) => {
      const video = event.target.closest("video");
      if (!video) return;
      if (!soundOn) { setSound(true); return; }
      if (video.paused) video.play(); else video.pause();
    });
  }

  // A like without leaving the page; the form still works without this script.
  function bindLike(form) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const button = form.querySelector("button");
      const on = form.querySelector('input[name="on"]');
      const body = new URLSearchParams(new FormData(form));
      fetch(form.action, {
        method: "POST", body, credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRF-Token": csrf() },
      }).then((r) => {
        if (r.redirected || r.status === 401) { window.location = "/login?next=" + encodeURIComponent(location.pathname); return null; }
        return r.ok ? r.json() : null;
      }).then((answer) => {
        if (!answer) return;
        button.setAttribute("aria-pressed", answer.liked ? "true" : "false");
        button.querySelector(".count").textContent = answer.likes;
        on.value = answer.liked ? "0" : "1";
      });
    });
  }

  function bindShare(button) {
    button.addEventListener("click", () => {
      const url = new URL(button.dataset.url, location.href).href;
      if (navigator.share) {
        navigator.share({ title: button.dataset.title, url }).catch(() => {});
      } else if (navigator.clipboard) {
        navigator.clipboard.writeText(url).then(() => {
          const label = button.querySelector(".label");
          label.textContent = "Link copied";
          setTimeout(() => { label.textContent = "Share"; }, 2000);
        });
      } else {
        window.prompt("Copy this link", url);
      }
    });
  }

  function bind(root) {
    root.querySelectorAll("form.like-form").forEach(bindLike);
    root.querySelectorAll("button.share").forEach(bindShare);
  }

  // Live progress of a video being made (server-sent events), then the finished page.
  function followProgress(box) {
    const bar = document.getElementById("progress-bar");
    const stage = document.getElementById("progress-stage");
    const events = new EventSource(box.dataset.progressUrl);
    events.addEventListener("progress", (event) => {
      const p = JSON.parse(event.data);
      bar.value = p.progress;
      bar.textContent = p.progress + "%";
      stage.textContent = p.status === "failed" ? "Failed: " + (p.error || "") : p.stage + " (" + p.progress + "%)";
      if (p.status === "completed" || p.status === "failed") { events.close(); window.location.reload(); }
    });
    events.addEventListener("gone", () => { events.close(); window.location = "/drafts"; });
  }

  function counters() {
    document.querySelectorAll("[data-counter]").forEach((field) => {
      const out = document.getElementById(field.dataset.counter);
      const max = parseInt(field.getAttribute("maxlength"), 10);
      const update = () => { out.textContent = field.value.length + " / " + max + " characters"; };
      field.addEventListener("input", update);
      update();
    });
  }

  // The storyboard: add, remove and reorder shots; labels and ids follow the order.
  function storyboard(list) {
    const renumber = () => {
      Array.from(list.children).forEach((shot, i) => {
        const n = i + 1;
        const text = shot.querySelector("textarea");
        const secs = shot.querySelector('input[name="shot_seconds"]');
        text.id = "shot-" + n; secs.id = "shot-seconds-" + n;
        shot.querySelector(".shot-label").setAttribute("for", text.id);
        shot.querySelector(".shot-label").textContent = "Shot " + n;
        shot.querySelector(".shot-seconds-label").setAttribute("for", secs.id);
        shot.querySelector(".shot-seconds-label").textContent = "Shot " + n + " length (seconds)";
      });
    };
    list.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-shot]");
      if (!button) return;
      const shot = button.closest(".shot");
      const what = button.dataset.shot;
      if (what === "up" && shot.previousElementSibling) list.insertBefore(shot, shot.previousElementSibling);
      if (what === "down" && shot.nextElementSibling) list.insertBefore(shot.nextElementSibling, shot);
      if (what === "remove" && list.children.length > 1) shot.remove();
      renumber();
      button.focus();
    });
    const add = document.getElementById("add-shot");
    add.addEventListener("click", () => {
      if (list.children.length >= parseInt(list.dataset.max, 10)) return;
      const shot = list.lastElementChild.cloneNode(true);
      shot.querySelector("textarea").value = "";
      shot.querySelector('input[name="shot_seconds"]').value = "4";
      list.appendChild(shot);
      renumber();
      shot.querySelector("textarea").focus();
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const feed = document.getElementById("feed");
    if (feed) watchFeed(feed);
    const sound = document.getElementById("sound");
    if (sound) sound.addEventListener("click", () => setSound(!soundOn));
    bind(document);
    const progress = document.getElementById("progress");
    if (progress) followProgress(progress);
    const shots = document.getElementById("shots");
    if (shots) storyboard(shots);
    counters();
    document.querySelectorAll("form[data-confirm]").forEach((form) => {
      form.addEventListener("submit", (event) => { if (!window.confirm(form.dataset.confirm)) event.preventDefault(); });
    });
    if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => {});
  });
})();
