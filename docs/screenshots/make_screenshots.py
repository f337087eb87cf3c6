"""Screenshots of the portal's home and workshop pages, on a desktop and on a 360 px phone.

Rerun after `make setup` (the seed records must be loaded):

    .venv/bin/python docs/screenshots/make_screenshots.py            # starts its own runserver
    .venv/bin/python docs/screenshots/make_screenshots.py --url http://127.0.0.1:8000

Uses Playwright with Debian's Chromium (CHROMIUM, default /usr/bin/chromium); never downloads a
browser. Writes the PNGs beside this script.
"""

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}
PAGES = {
    "home": "/",
    "workshops": "/workshops/",
    "workshop": "/workshops/2nd-workshop-2010-siem-reap/",
    "countries": "/countries/",
    "tracker": "/recommendations/",
}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def runserver():
    """The portal on a free local port, with the project's own database."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(url + "/", timeout=2)  # a local address
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("The portal did not start; run `make setup` first.")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def shoot(url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        for viewport_name, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            for page_name, path in PAGES.items():
                page.goto(url + path, wait_until="networkidle")
                target = HERE / f"{page_name}-{viewport_name}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target.relative_to(ROOT))
            context.close()
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running portal; by default one is started")
    arguments = parser.parse_args()
    if arguments.url:
        shoot(arguments.url.rstrip("/"))
    else:
        with runserver() as url:
            shoot(url)


if __name__ == "__main__":
    main()
