"""Drives the app in real headless Chromium (Debian's, through Playwright) as two people
would, at a phone's size and at a desktop's, and checks what they see.

Usage: app_browser.py BASE_URL INVITE_CODE AXE_JS SCREENSHOT_DIR
Prints one JSON line at the end: {"ok": true, ...}. Any failed check raises.
"""

import json
import re
import sys
import warnings

from playwright.sync_api import expect, sync_playwright

# The openai package warns that OpenAI's own Sora API is shut down; this is Diorama's.
warnings.filterwarnings("ignore", category=DeprecationWarning)

BASE, INVITE, AXE, SHOTS = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
# Script that would run if anything users write were not escaped.
XSS = '<img src=x onerror="window.__xss=1">"><script>window.__xss=1</script>'
PASSWORD = "correct horse battery"
GENERATION_MS = 240_000

report = {"pages": [], "axe": {}}
dialogs = []


def shot(page, name):
    # The feed is one screen a video; every other page is shown whole.
    full = "feed" not in name or "empty" in name
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=full)
    report["pages"].append(name)


def axe(page, name):
    """axe-core in the page: no serious or critical violations."""
    page.add_script_tag(path=AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    report["axe"][name] = len(result["violations"])
    assert not bad, f"axe on {name}: {json.dumps(bad)}"


def no_script_ran(page):
    assert page.evaluate("() => window.__xss") is None, "a user's text ran as script"
    assert page.locator("img[src=x]").count() == 0, "a user's text became an element"


def look(page, name):
    shot(page, name)
    axe(page, name)
    no_script_ran(page)
    # Nothing is wider than the screen (no sideways scrolling on a phone).
    wide = page.evaluate("() => document.documentElement.scrollWidth") - page.viewport_size["width"]
    assert wide <= 0, f"{name} is {wide} px wider than the screen"


def avatar_png():
    """A small picture to upload as an avatar."""
    import io
    from PIL import Image
    image = Image.new("RGB", (300, 200), (200, 80, 40))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def on_dialog(dialog):
    """The app asks before blocking or deleting (confirm: yes); any other dialog would be
    a user's text run as script."""
    if dialog.type == "confirm":
        dialog.accept()
    else:
        dialogs.append(dialog.message)
        dialog.dismiss()


def new_context(browser, size):
    context = browser.new_context(**size, bypass_csp=True)  # axe-core is injected inline
    page = context.new_page()
    page.on("dialog", on_dialog)
    page.set_default_timeout(30_000)
    return context, page


def sign_up(page, invite, handle, display_name):
    page.goto(f"{BASE}/signup")
    page.get_by_label("Invite code").fill(invite)
    page.get_by_label("Handle").fill(handle)
    page.get_by_label("Display name").fill(display_name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Age").fill("29")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(f"{BASE}/")
    expect(page.get_by_role("link", name="Profile")).to_be_visible()


def wait_until_made(page):
    """On a draft's page: the live progress names a stage, then the finished video."""
    stage = page.locator("#progress-stage")
    if stage.count():
        expect(stage).to_contain_text(re.compile(r"Waiting|Reading|Simulating|Scoring|Filming|Encoding|Signing"))
    page.wait_for_selector("video#player", timeout=GENERATION_MS)


def plays(page, selector):
    """The video element plays: its time advances and its frame is not black."""
    return page.evaluate(
        """async (selector) => {
          const v = document.querySelector(selector);
          v.muted = true;
          await v.play();
          const t0 = v.currentTime;
          await new Promise((r) => setTimeout(r, 1200));
          const c = document.createElement('canvas');
          c.width = 64; c.height = 64;
          const g = c.getContext('2d');
          g.drawImage(v, 0, 0, 64, 64);
          const px = g.getImageData(0, 0, 64, 64).data;
          let sum = 0;
          for (let i = 0; i < px.length; i += 4) sum += px[i] + px[i + 1] + px[i + 2];
          return {advanced: v.currentTime - t0, level: sum / (64 * 64 * 3), duration: v.duration};
        }""",
        selector,
    )


def create(page, prompt):
    page.goto(f"{BASE}/create")
    page.get_by_label("Prompt").fill(prompt)
    page.get_by_role("button", name="Create video").click()
    page.wait_for_url(re.compile(r"/v/video_"))
    return page.url.rsplit("/", 1)[1]


def main():
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--autoplay-policy=no-user-gesture-required"],
        )

        # Alice signs up with the operator's invite and makes a video.
        alice_ctx, alice = new_context(browser, PHONE)
        alice.goto(f"{BASE}/signup")
        look(alice, "phone-signup")
        sign_up(alice, INVITE, "alice", "Alice " + XSS)
        look(alice, "phone-feed-empty")
        alice.goto(f"{BASE}/create")
        look(alice, "phone-create")
        # The character count follows what is typed.
        alice.get_by_label("Prompt").fill("A red ball bounces on a wooden floor.")
        expect(alice.locator("#prompt-count")).to_contain_text("37 / ")
        first = create(alice, "A red ball bounces on a wooden floor. " + XSS)
        shot(alice, "phone-progress")
        wait_until_made(alice)
        played = plays(alice, "video#player")
        assert played["advanced"] > 0.3 and played["level"] > 12, played
        report["first_video"] = played
        expect(alice.locator("video#player track[kind=captions]")).to_have_count(1)
        alice.get_by_label("Caption").fill("First bounce #bounce " + XSS)
        alice.get_by_role("button", name="Post").click()
        alice.wait_for_url(f"{BASE}/v/{first}")
        expect(alice.locator(".caption")).to_contain_text("First bounce #bounce <img src=x")
        expect(alice.locator(".provenance")).to_contain_text("Provenance")
        alice.locator(".provenance summary").click()
        expect(alice.locator(".provenance")).to_contain_text("has not changed since it was signed")
        # The light's panorama (a room by day: Poly Haven's apartment) is credited with its
        # creator and licence.
        expect(alice.locator(".credits")).to_contain_text("Apartment HDR panorama by Poly Haven")
        expect(alice.locator(".credits")).to_contain_text("CC0-1.0")
        look(alice, "phone-video")

        # She extends it from its page: a new draft that continues the world, 4 s longer.
        alice.get_by_label("What happens next").fill("The ball rolls away.")
        alice.get_by_role("button", name="Extend", exact=True).click()
        alice.wait_for_url(re.compile(r"/v/video_"))
        extended = alice.url.rsplit("/", 1)[1]
        assert extended != first
        wait_until_made(alice)
        played = plays(alice, "video#player")
        assert abs(played["duration"] - 8.0) < 0.2, played
        expect(alice.locator(".chain")).to_contain_text("Continues")
        report["extended"] = played["duration"]

        # Her settings show four invite codes of her own; Bob uses one.
        alice.goto(f"{BASE}/settings")
        codes = alice.locator(".invites code").all_inner_texts()
        assert len(codes) == 4, codes
        alice.get_by_label("Bio").fill("I make bouncing things. " + XSS)
        alice.get_by_label(re.compile("^Avatar")).set_input_files(
            files=[{"name": "me.png", "mimeType": "image/png", "buffer": avatar_png()}])
        alice.get_by_role("button", name="Save profile").click()
        alice.wait_for_url(f"{BASE}/settings")
        avatar = alice.request.get(f"{BASE}/avatars/alice")
        assert avatar.ok and avatar.headers["content-type"] == "image/jpeg", avatar.status
        look(alice, "phone-settings")

        bob_ctx, bob = new_context(browser, PHONE)
        sign_up(bob, codes[0], "bob", "Bob")
        bob.goto(f"{BASE}/@alice")
        expect(bob.locator(".bio")).to_contain_text("I make bouncing things. <img")
        look(bob, "phone-profile")
        bob.get_by_role("button", name="Follow").click()
        expect(bob.get_by_role("button", name="Unfollow")).to_be_visible()

        # Bob's feed has Alice's video, playing muted, with her name and caption.
        bob.goto(f"{BASE}/")
        slide = bob.locator("article.slide").first
        expect(slide.locator(".creator")).to_contain_text("@alice")
        expect(slide.locator(".caption")).to_contain_text("First bounce")
        played = plays(bob, "article.slide video")
        assert played["advanced"] > 0.3 and played["level"] > 12, played
        look(bob, "phone-feed")
        slide.get_by_role("button", name="Like").click()
        expect(slide.get_by_role("button", name="Like")).to_have_attribute("aria-pressed", "true")
        expect(slide.locator(".like .count")).to_have_text("1")
        # Tapping the sound button unmutes.
        bob.get_by_role("button", name="Unmute").click()
        assert bob.evaluate("() => document.querySelector('article.slide video').muted") is False

        # Bob comments (and replies to himself), then remixes.
        slide.get_by_role("link", name="Comment").click()
        bob.wait_for_url(re.compile(rf"/v/{first}"))
        bob.get_by_label("Comment", exact=True).fill("Love it " + XSS)
        bob.get_by_role("button", name="Comment", exact=True).click()
        expect(bob.locator(".comment").first).to_contain_text("Love it <img src=x")
        bob.locator(".comment summary").first.click()
        bob.get_by_label("Reply to @bob").fill("And again")
        bob.get_by_role("button", name="Reply", exact=True).click()
        expect(bob.locator(".replies .comment")).to_contain_text("And again")
        bob.get_by_label("What to change").fill("Make the ball blue.")
        bob.get_by_role("button", name="Remix", exact=True).click()
        bob.wait_for_url(re.compile(r"/v/video_"))
        remix = bob.url.rsplit("/", 1)[1]
        assert remix != first
        wait_until_made(bob)
        bob.get_by_label("Caption").fill("Blue now")
        bob.get_by_role("button", name="Post").click()
        bob.wait_for_url(f"{BASE}/v/{remix}")
        expect(bob.locator(".remix-of")).to_contain_text("remix of @alice")
        look(bob, "phone-remix")

        # Alice sees who liked, commented, followed and remixed.
        alice.goto(f"{BASE}/")
        expect(alice.locator(".tabs .badge")).to_have_text(re.compile(r"[1-9]"))
        alice.goto(f"{BASE}/notifications")
        notes = alice.locator(".notifications").inner_text()
        for said in ["liked your video", "commented on your video", "followed you", "remixed your video"]:
            assert said in notes, (said, notes)
        look(alice, "phone-notifications")
        alice.goto(f"{BASE}/v/{first}")
        expect(alice.locator(".chain")).to_contain_text("Remixes of this video")

        # A two-shot storyboard, filmed as one video of their summed length.
        alice.goto(f"{BASE}/create")
        alice.get_by_role("button", name="Add shot").click()
        expect(alice.locator("#shots .shot")).to_have_count(3)
        alice.locator("#shots .shot").nth(2).get_by_role("button", name="Remove shot").click()
        expect(alice.locator("#shots .shot")).to_have_count(2)
        alice.get_by_label("Shot 1", exact=True).fill("A wide shot of a park; a dog runs across the grass.")
        alice.get_by_label("Shot 1 length (seconds)").fill("3")
        alice.get_by_label("Shot 2", exact=True).fill("Close-up of the dog.")
        alice.get_by_label("Shot 2 length (seconds)").fill("2")
        alice.locator("#shots .shot").nth(1).get_by_role("button", name="Move up").click()
        expect(alice.get_by_label("Shot 1", exact=True)).to_have_value("Close-up of the dog.")
        alice.locator("#shots .shot").nth(1).get_by_role("button", name="Move up").click()
        expect(alice.get_by_label("Shot 1", exact=True)).to_have_value(re.compile("wide shot"))
        shot(alice, "phone-storyboard")
        alice.get_by_role("button", name="Create storyboard video").click()
        alice.wait_for_url(re.compile(r"/v/video_"))
        storyboard = alice.url.rsplit("/", 1)[1]
        expect(alice.locator(".prompt")).to_contain_text("Shot 1 (3 seconds): A wide shot of a park")
        expect(alice.locator(".prompt")).to_contain_text("Shot 2 (2 seconds): Close-up of the dog.")
        wait_until_made(alice)
        played = plays(alice, "video#player")
        assert abs(played["duration"] - 5.0) < 0.2, played
        report["storyboard"] = {"id": storyboard, "duration": played["duration"]}

        # Others cannot see, change or delete a draft: the same "not found" as nothing.
        response = bob.goto(f"{BASE}/v/{storyboard}")
        assert response.status == 404, response.status
        look(bob, "phone-not-found")
        bob.goto(f"{BASE}/")
        token = bob.locator('meta[name="csrf-token"]').get_attribute("content")
        for path in [f"/v/{storyboard}/post", f"/v/{storyboard}/delete", f"/v/{storyboard}/edit"]:
            r = bob.request.post(BASE + path, form={"csrf": token, "caption": "mine now", "prompt": "x"})
            assert r.status == 404, (path, r.status)
        r = bob.request.get(f"{BASE}/media/{storyboard}/video.mp4")
        assert r.status == 404, r.status
        # State-changing requests without the CSRF token, or from another site, are refused.
        r = bob.request.post(f"{BASE}/v/{first}/like", form={"on": "0"})
        assert r.status == 403, r.status
        r = bob.request.post(f"{BASE}/v/{first}/like", form={"on": "0", "csrf": token},
                             headers={"Origin": "http://evil.example"})
        assert r.status == 403, r.status
        r = bob.request.post(f"{BASE}/logout", form={})
        assert r.status == 403, r.status

        # A collaborator: Alice invites Bob to her storyboard draft; he sees it, is told,
        # and posts it; both are credited.
        alice.goto(f"{BASE}/v/{storyboard}")
        alice.get_by_label("Handle to invite").fill("@bob")
        alice.get_by_role("button", name="Invite").click()
        alice.wait_for_url(f"{BASE}/v/{storyboard}")
        expect(alice.locator(".draft-note")).to_contain_text("with @bob")
        bob.goto(f"{BASE}/notifications")
        expect(bob.locator(".notifications")).to_contain_text("invited you to collaborate")
        bob.goto(f"{BASE}/drafts")
        expect(bob.locator(".drafts")).to_contain_text("Shot 1 (3 seconds)")
        # As a collaborator he edits the prompt: a new version of her draft, still shared.
        bob.goto(f"{BASE}/v/{storyboard}")
        bob.get_by_label("New prompt").fill("A wide shot of a park at night; a dog runs across the grass.")
        bob.get_by_role("button", name="Make new version").click()
        bob.wait_for_url(re.compile(r"/v/video_"))
        assert not bob.url.endswith(storyboard)
        expect(bob.locator(".draft-note")).to_contain_text("Draft by @alice with @bob")
        expect(bob.locator(".prompt")).to_contain_text("at night")
        bob.goto(f"{BASE}/v/{storyboard}")
        bob.get_by_label("Caption").fill("Our park #dogs")
        bob.get_by_role("button", name="Post").click()
        bob.wait_for_url(f"{BASE}/v/{storyboard}")
        expect(bob.locator(".creator-line")).to_contain_text("@alice with @bob")

        # Developer settings: an API key whose videos land in the drafts, then revoked.
        alice.goto(f"{BASE}/settings")
        alice.get_by_role("button", name="Create API key").click()
        key = alice.locator("code.key").inner_text()
        assert key.startswith("sk-diorama-"), key
        import openai
        client = openai.OpenAI(base_url=f"{BASE}/v1", api_key=key)
        made = client.videos.create(model="sora-2", prompt="A blue cube slides down a ramp.", seconds="4")
        alice.goto(f"{BASE}/drafts")
        expect(alice.locator(".drafts")).to_contain_text("A blue cube slides down a ramp.")
        look(alice, "phone-drafts")
        # She deletes a draft from its page: gone for good.
        alice.goto(f"{BASE}/v/{extended}")
        alice.get_by_role("button", name="Delete video").click()
        alice.wait_for_url(f"{BASE}/@alice")
        assert alice.goto(f"{BASE}/v/{extended}").status == 404
        assert alice.request.get(f"{BASE}/media/{extended}/video.mp4").status == 404
        alice.goto(f"{BASE}/settings")
        alice.get_by_role("button", name=re.compile("Revoke key")).click()
        try:
            client.videos.retrieve(made.id)
            raise AssertionError("a revoked key still works")
        except openai.AuthenticationError:
            pass

        # The share page, seen by anyone: OpenGraph and Twitter card tags with absolute URLs.
        anon_ctx, anon = new_context(browser, PHONE)
        anon.goto(f"{BASE}/v/{first}")
        og = anon.evaluate("""() => Object.fromEntries(Array.from(document.querySelectorAll(
            'meta[property^="og:"], meta[name^="twitter:"]')).map(m => [m.getAttribute('property') || m.name, m.content]))""")
        assert og["og:video"] == f"{BASE}/media/{first}/video.mp4", og
        assert og["og:image"] == f"{BASE}/media/{first}/thumbnail.webp", og
        assert og["og:type"] == "video.other" and og["twitter:card"] == "summary_large_image", og
        assert "First bounce" in og["og:description"], og
        assert anon.request.get(og["og:video"]).headers["content-type"] == "video/mp4"
        # Pages travel gzipped; video is sent as it is, in byte ranges.
        assert anon.goto(f"{BASE}/").headers.get("content-encoding") == "gzip"
        part = anon.request.get(og["og:video"], headers={"Range": "bytes=0-99", "Accept-Encoding": "gzip"})
        assert part.status == 206 and len(part.body()) == 100, part.status
        assert "content-encoding" not in part.headers, part.headers
        anon.goto(f"{BASE}/v/{first}")
        captions = anon.request.get(f"{BASE}/v/{first}/captions.vtt")
        assert captions.ok and captions.text().startswith("WEBVTT"), captions.status
        look(anon, "phone-share-logged-out")
        report["og"] = og

        # The app's data as JSON.
        feed = bob.request.get(f"{BASE}/app/api/feed").json()
        # Following lifts Alice's older videos above Bob's own newer remix.
        order = [v["video"]["id"] for v in feed["data"]]
        assert set(order[:2]) == {first, storyboard} and order[2] == remix, order
        me = alice.request.get(f"{BASE}/app/api/me").json()
        # Her three videos from the app (one since deleted: it still counts), Bob's new
        # version of her draft (hers) and one through the API count against her day.
        assert me["handle"] == "alice" and me["daily"]["used"] == 5, me

        # The web app manifest names the app and its icons, which load.
        manifest = anon.request.get(f"{BASE}/manifest.webmanifest").json()
        assert manifest["name"] == "Diorama" and manifest["display"] == "standalone", manifest
        for icon in manifest["icons"]:
            r = anon.request.get(BASE + icon["src"])
            assert r.ok and r.headers["content-type"] == icon["type"], icon

        # Offline: the service worker shows the offline page.
        alice.goto(f"{BASE}/")
        alice.evaluate("async () => { await navigator.serviceWorker.ready; }")
        alice.reload()
        alice.wait_for_function("() => navigator.serviceWorker.controller !== null")
        alice_ctx.set_offline(True)
        alice.goto(f"{BASE}/notifications")
        expect(alice.get_by_role("heading", name="You are offline")).to_be_visible()
        look(alice, "phone-offline")
        alice_ctx.set_offline(False)

        # Keyboard: the first Tab reaches the skip link, and focus is visible.
        alice.goto(f"{BASE}/settings")
        alice.keyboard.press("Tab")
        assert alice.evaluate("() => document.activeElement.textContent") == "Skip to content"
        outline = alice.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", outline

        # The same pages at a desktop size.
        desk_ctx, desk = new_context(browser, DESKTOP)
        desk.goto(f"{BASE}/login")
        desk.get_by_label("Handle").fill("bob")
        desk.get_by_label("Password").fill(PASSWORD)
        desk.get_by_role("button", name="Log in").click()
        desk.wait_for_url(f"{BASE}/")
        look(desk, "desktop-feed")
        desk.goto(f"{BASE}/v/{first}")
        look(desk, "desktop-video")
        desk.goto(f"{BASE}/@alice")
        look(desk, "desktop-profile")
        desk.goto(f"{BASE}/create")
        look(desk, "desktop-create")

        # Export: a zip of JSON records and the videos' files.
        import io
        import zipfile
        export = alice.request.get(f"{BASE}/settings/export")
        assert export.ok and export.headers["content-type"] == "application/zip", export.status
        archive = zipfile.ZipFile(io.BytesIO(export.body()))
        names = archive.namelist()
        assert "account.json" in names and f"media/{first}/video.mp4" in names, names
        assert json.loads(archive.read("account.json"))["handle"] == "alice"
        videos = json.loads(archive.read("videos.json"))
        assert {first, storyboard} <= {v["id"] for v in videos}, videos
        report["export"] = {"files": len(names), "bytes": len(export.body())}

        # A block: Bob can no longer see or reach Alice, and she sees nothing of his.
        alice.goto(f"{BASE}/@bob")
        alice.get_by_role("button", name="Block").click()
        alice.wait_for_url(f"{BASE}/")
        assert bob.goto(f"{BASE}/@alice").status == 404
        assert bob.goto(f"{BASE}/v/{first}").status == 404
        feed = bob.request.get(f"{BASE}/app/api/feed").json()
        assert first not in [v["video"]["id"] for v in feed["data"]], feed
        bob.goto(f"{BASE}/")
        token = bob.locator('meta[name="csrf-token"]').get_attribute("content")
        r = bob.request.post(f"{BASE}/v/{first}/like", form={"csrf": token, "on": "1"})
        assert r.status == 404, r.status

        # Deleting an account takes its videos with it.
        bob.goto(f"{BASE}/settings")
        bob.get_by_label("Type your handle to confirm").fill("bob")
        bob.get_by_label("Password", exact=True).fill(PASSWORD)
        bob.get_by_role("button", name="Delete my account").click()
        bob.wait_for_url(f"{BASE}/")
        expect(bob.get_by_role("link", name="Log in")).to_be_visible()
        assert anon.goto(f"{BASE}/@bob").status == 404
        assert anon.goto(f"{BASE}/v/{remix}").status == 404

        # Logging in is limited: after five wrong passwords for a handle, a wait.
        statuses = []
        for _ in range(6):
            anon.goto(f"{BASE}/login")
            anon.get_by_label("Handle").fill("alice")
            anon.get_by_label("Password").fill("not her password")
            with anon.expect_response(f"{BASE}/login") as answer:
                anon.get_by_role("button", name="Log in").click()
            statuses.append(answer.value.status)
        assert statuses == [401] * 5 + [429], statuses

        assert not dialogs, dialogs
        report["ok"] = True
        browser.close()
    print(json.dumps(report))


main()
