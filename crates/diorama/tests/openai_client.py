"""Drives a running Diorama server with the official `openai` Python package, unchanged.

Usage: python openai_client.py BASE_URL API_KEY OUT_DIR
Checks what it downloads (MP4 length and size with ffprobe, WebP and JPEG decoded with
Pillow) and exits non-zero with a message on the first thing that is wrong.
"""

import json
import subprocess
import sys
import warnings
from pathlib import Path

import openai
from PIL import Image

warnings.simplefilter("ignore", DeprecationWarning)

base_url, api_key, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
client = openai.OpenAI(base_url=base_url, api_key=api_key, max_retries=0)


def check(condition, message):
    if not condition:
        raise SystemExit(f"FAILED: {message}")


def probe(path):
    """(width, height, seconds, audio codec) of an MP4, read by ffprobe."""
    info = json.loads(
        subprocess.run(
            ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
            check=True,
            capture_output=True,
        ).stdout
    )
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    audio = [s["codec_name"] for s in info["streams"] if s["codec_type"] == "audio"]
    return video["width"], video["height"], float(info["format"]["duration"]), audio


def download(video_id, variant, name):
    path = out / name
    client.videos.download_content(video_id, variant=variant).write_to_file(path)
    return path


# Create and wait the way most code does it.
first = client.videos.create_and_poll(
    model="sora-2",
    prompt="A red ball bounces on a wooden floor and rolls away.",
    seconds="4",
    size="720x1280",
    poll_interval_ms=300,
)
check(first.status == "completed", f"create_and_poll ended {first.status}: {first.error}")
check(first.seconds == "4" and first.size == "720x1280", f"echoed {first.seconds} {first.size}")
check(first.model == "sora-2", f"model alias echoed as {first.model}")
check(first.progress == 100 and first.completed_at >= first.created_at, "progress/timestamps")

mp4 = download(first.id, "video", "first.mp4")
width, height, seconds, audio = probe(mp4)
check((width, height) == (720, 1280), f"video is {width}x{height}")
check(abs(seconds - 4.0) < 0.1, f"video lasts {seconds} s")
check(audio == ["opus"], f"audio streams {audio}")
thumb = Image.open(download(first.id, "thumbnail", "thumb.webp"))
thumb.load()
check(thumb.format == "WEBP" and thumb.width > 0, f"thumbnail {thumb.format}")
sheet = Image.open(download(first.id, "spritesheet", "sheet.jpg"))
sheet.load()
check(sheet.format == "JPEG" and sheet.width > sheet.height, f"spritesheet {sheet.format} {sheet.size}")

# Create, then poll by hand (the old way), with the pro model at a landscape size.
second = client.videos.create(
    model="diorama-1-pro",
    prompt="Three orange cubes fall onto a snowy field while sad piano music plays.",
    seconds="4",
    size="1280x720",
)
check(second.status in ("queued", "in_progress"), f"new video is {second.status}")
second = client.videos.poll(second.id, poll_interval_ms=300)
check(second.status == "completed", f"second ended {second.status}: {second.error}")
width, height, seconds, _ = probe(download(second.id, "video", "second.mp4"))
check((width, height, round(seconds)) == (1280, 720, 4), f"second is {width}x{height} {seconds}s")

# Remix: the first video's world, changed where the prompt says.
remix = client.videos.remix(first.id, prompt="Make the ball blue.")
check(remix.remixed_from_video_id == first.id, "remix records its parent")
remix = client.videos.poll(remix.id, poll_interval_ms=300)
check(remix.status == "completed", f"remix ended {remix.status}: {remix.error}")
remix_mp4 = download(remix.id, "video", "remix.mp4")
width, height, seconds, _ = probe(remix_mp4)
check((width, height, round(seconds)) == (720, 1280, 4), f"remix is {width}x{height} {seconds}s")
check(remix_mp4.read_bytes() != mp4.read_bytes(), "the remix is the same video as its parent")


def coloured_pixels(path, name):
    """Counts strongly red and strongly blue pixels in the frame at 1 s."""
    png = out / f"{name}.png"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-ss", "1", "-i", str(path), "-frames:v", "1", str(png)],
        check=True,
    )
    pixels = list(Image.open(png).convert("RGB").getdata())
    red = sum(1 for r, g, b in pixels if r > g + 80 and r > b + 80)
    blue = sum(1 for r, g, b in pixels if b > r + 60 and b > g + 30)
    return red, blue


red_before, blue_before = coloured_pixels(mp4, "first")
red_after, blue_after = coloured_pixels(remix_mp4, "remix")
# The ball is framed with the room round it (a wide shot fills 60% of the frame): some
# hundred pixels of it at 1 s.
check(red_before > 100 and blue_before < 20, f"parent ball red {red_before} blue {blue_before}")
check(blue_after > 100 and red_after < red_before / 4, f"remixed ball red {red_after} blue {blue_after}")

# Extension: the world carries on; the record shows the stitched total. This SDK uploads
# the video itself (it takes a file for `video`), which the server matches to the record.
extension = client.videos.extend(prompt="It keeps rolling.", seconds="4", video=mp4)
extension = client.videos.poll(extension.id, poll_interval_ms=300)
check(extension.status == "completed", f"extension ended {extension.status}: {extension.error}")
check(extension.seconds == "8", f"extension reports {extension.seconds} s")
width, height, seconds, _ = probe(download(extension.id, "video", "extension.mp4"))
check((width, height) == (720, 1280) and abs(seconds - 8.0) < 0.1, f"extension {seconds}s")

# Edit: the SDK uploads the file here too; the edit records its parent like a remix.
edited = client.videos.edit(prompt="Make the ball yellow.", video=mp4)
check(edited.remixed_from_video_id == first.id, f"edit parent {edited.remixed_from_video_id}")
edited = client.videos.poll(edited.id, poll_interval_ms=300)
check(edited.status == "completed", f"edit ended {edited.status}: {edited.error}")
check(edited.seconds == "4" and edited.size == "720x1280", "edit keeps the parent's shape")

# Pagination: one at a time, newest first, until has_more is false.
seen = []
page = client.videos.list(limit=1)
while True:
    check(len(page.data) <= 1, "a page of limit 1 holds at most one video")
    seen.extend(v.id for v in page.data)
    if not page.has_more:
        break
    page = client.videos.list(limit=1, after=page.data[-1].id)
expected = [edited.id, extension.id, remix.id, second.id, first.id]
check(seen == expected, f"paged ids {seen}, expected {expected}")
all_ids = [v.id for v in client.videos.list(order="asc")]
check(all_ids == expected[::-1], f"ascending {all_ids}")

# Errors come back as the SDK's own exception types.
try:
    client.videos.create(prompt="a ball", model="sora-9")
    check(False, "an unknown model was accepted")
except openai.BadRequestError as e:
    check(e.body["param"] == "model", f"unknown model error {e.body}")
try:
    client.videos.retrieve("video_does_not_exist")
    check(False, "a missing video was found")
except openai.NotFoundError:
    pass

# Delete, and it is gone.
deleted = client.videos.delete(second.id)
check(deleted.deleted and deleted.object == "video.deleted" and deleted.id == second.id, "delete")
try:
    client.videos.retrieve(second.id)
    check(False, "a deleted video is still there")
except openai.NotFoundError:
    pass

print(json.dumps({"ok": True, "videos": expected}))
