#!/usr/bin/env python3
"""Real feed readers against `finews serve`: newsboat and Python's feedparser subscribe to the served feeds
and must see the archive's articles with the right titles, links and dates; after an unchanged refresh
(handed to the daemon by `finews refresh`), conditional requests must get 304.

Usage: served_clients.py FINEWS_BINARY   (runs on a copy of seeds/ in a temporary folder, 127.0.0.1 only)
"""
import calendar
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import datetime

import feedparser

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# One tally for both scripts: check_feeds.py keeps the passed count and the failures.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_feeds  # noqa: E402
from check_feeds import check, failures  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base, process, limit=30):
    deadline = time.time() + limit
    while time.time() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(base + "healthz", timeout=2) as answer:
                if answer.status == 200:
                    return True
        except Exception:
            pass
        time.sleep(0.1)
    return False


def unix(rfc3339):
    return int(datetime.fromisoformat(rfc3339.replace("Z", "+00:00")).timestamp())


def main():
    finews = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="finews-clients-")
    process = None
    try:
        shutil.copytree(os.path.join(ROOT, "seeds"), os.path.join(work, "posts"))
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        config = os.path.join(work, "finews.yaml")
        with open(config, "w") as f:
            f.write(f"database: var/finews.sqlite\noutput: public\nfeed:\n  base_url: {base}\n"
                    "feeds:\n  - id: blockchain\n    title: 区块链\n    include: [区块链]\n"
                    "sources:\n  - id: seeds\n    kind: files\n    path: posts\n")
        log = open(os.path.join(work, "serve.log"), "w")
        process = subprocess.Popen([finews, "serve", "--config", config, "--listen", f"127.0.0.1:{port}"],
                                   stdout=log, stderr=log)
        if not wait_healthy(base, process):
            print(open(os.path.join(work, "serve.log")).read())
            print("served clients: finews serve did not become healthy")
            return 1

        articles = [json.loads(line) for line in subprocess.run(
            [finews, "articles", "--config", config, "--json"], check=True, capture_output=True, text=True).stdout.splitlines()]
        expected = {a["title"]: a for a in articles if not a.get("removed")}
        check(len(expected) == 5, "archive", f"{len(expected)} current articles, expected the 5 seeds")

        def expected_time(article):
            return unix(article["published"] or article["first_seen"])

        # feedparser (6.x reads RSS and Atom; JSON Feed is read with json below).
        validators = {}
        for path in ["atom.xml", "feed.xml", "categories/nanjingchenbao/atom.xml"]:
            parsed = feedparser.parse(base + path)
            where = f"feedparser {path}"
            check(parsed.get("status") == 200, where, f"status {parsed.get('status')}")
            check(not parsed.bozo, where, f"bozo: {parsed.get('bozo_exception')}")
            titles = {e.get("title") for e in parsed.entries}
            wanted = {t for t, a in expected.items() if "categories" not in path or "nanjingchenbao" in a["categories"]}
            check(titles == wanted and titles, where, f"titles {sorted(titles)} != {sorted(wanted)}")
            for entry in parsed.entries:
                article = expected.get(entry.get("title"))
                if not article:
                    continue
                if article.get("link"):
                    check(entry.get("link") == article["link"], where, f"{entry.title}: link {entry.get('link')!r}")
                stamp = entry.get("published_parsed") or entry.get("updated_parsed")
                check(stamp is not None and calendar.timegm(stamp) == expected_time(article), where,
                      f"{entry.title}: date {stamp} != {article['published'] or article['first_seen']}")
            validators[path] = (parsed.get("etag"), parsed.get("modified"))
            check(bool(parsed.get("etag")) and bool(parsed.get("modified")), where, "no ETag or Last-Modified")

        # JSON Feed 1.1, read as a client would.
        with urllib.request.urlopen(base + "feed.json", timeout=5) as answer:
            check(answer.headers.get("Content-Type") == "application/feed+json; charset=utf-8", "feed.json",
                  f"content type {answer.headers.get('Content-Type')}")
            items = json.load(answer)["items"]
        check({i["title"] for i in items} == set(expected), "feed.json", "titles differ")
        for item in items:
            article = expected.get(item["title"])
            if article:
                check(unix(item["date_published"]) == expected_time(article), "feed.json", f"{item['title']}: date")
                if article.get("link"):
                    check(item.get("url") == article["link"], "feed.json", f"{item['title']}: link {item.get('url')!r}")

        # RSSHub's parameters and keyword feeds: feedparser reads a filtered feed and a keyword feed, and the
        # filtered variants pass the same validators as the published files. 区块链 is in four seeds, one of
        # them in Traditional script (區塊鏈).
        chain = "filter=%E5%8C%BA%E5%9D%97%E9%93%BE"
        chain_titles = {t for t in expected if not t.startswith("洞察新趋势")}
        for path in ["atom.xml?" + chain, "feed.xml?" + chain, "feeds/blockchain/atom.xml", "feeds/blockchain/feed.xml",
                     "categories/zhengquanribaowang/atom.xml?" + chain]:
            parsed = feedparser.parse(base + path)
            where = f"feedparser {path}"
            check(parsed.get("status") == 200 and not parsed.bozo, where, f"status {parsed.get('status')}, {parsed.get('bozo_exception')}")
            titles = {e.get("title") for e in parsed.entries}
            wanted = {t for t in chain_titles if "categories" not in path or "重庆" in t}
            check(titles == wanted, where, f"titles {sorted(titles)} != {sorted(wanted)}")
        one = feedparser.parse(base + "feeds/blockchain/feed.xml?filter_title=%E9%87%8D%E5%BA%86&opencc=s2hk")
        check([e.get("title", "")[:2] for e in one.entries] == ["重慶"], "feedparser keyword feed + opencc",
              f"titles {[e.get('title') for e in one.entries]}")
        bad = urllib.request.Request(base + "atom.xml?filter=%28unclosed")
        try:
            urllib.request.urlopen(bad, timeout=5)
            check(False, "bad pattern", "answered 200")
        except urllib.error.HTTPError as error:
            check(error.code == 400, "bad pattern", f"status {error.code}")
        filtered = os.path.join(work, "filtered")
        for query in [chain, chain + "&brief=100&limit=2", "filterout=%E5%8C%BA%E5%9D%97%E9%93%BE&opencc=s2t"]:
            folder = os.path.join(filtered, str(abs(hash(query))))
            os.makedirs(folder)
            for name, validate in [("atom.xml", check_feeds.check_atom), ("feed.xml", check_feeds.check_rss),
                                   ("feed.json", check_feeds.check_json)]:
                with urllib.request.urlopen(base + name + "?" + query, timeout=5) as answer:
                    open(os.path.join(folder, name), "wb").write(answer.read())
                validate(os.path.join(folder, name))

        # newsboat, headless: one cache per feed (newsboat keys items by guid, and the RSS and Atom feeds
        # share their ids), reloaded, then read back from its SQLite cache.
        newsboat_config = os.path.join(work, "newsboat.conf")
        open(newsboat_config, "w").close()
        env = dict(os.environ, HOME=work)

        def newsboat(path):
            urls = os.path.join(work, path.replace("/", "_") + ".urls")
            with open(urls, "w") as f:
                f.write(base + path + "\n")
            cache = os.path.join(work, path.replace("/", "_") + ".db")
            run = subprocess.run(["newsboat", "-x", "reload", "-u", urls, "-c", cache, "-C", newsboat_config,
                                  "-d", cache + ".log", "-l", "6"], capture_output=True, text=True, env=env, timeout=60)
            check(run.returncode == 0, f"newsboat {path}", f"reload failed: {run.stderr.strip()}")
            return cache

        for path in ["atom.xml", "feed.xml", "atom.xml?" + chain, "feeds/blockchain/feed.xml"]:
            cache = newsboat(path)
            with sqlite3.connect(cache) as db:
                rows = db.execute("SELECT title, url, pubDate FROM rss_item WHERE feedurl = ?", (base + path,)).fetchall()
                where = f"newsboat {path}"
                wanted = chain_titles if "blockchain" in path or "?" in path else set(expected)
                check({r[0] for r in rows} == wanted, where, f"titles {sorted(r[0] for r in rows)}")
                for title, url, published in rows:
                    article = expected.get(title)
                    if not article:
                        continue
                    if article.get("link"):
                        check(url == article["link"], where, f"{title}: link {url!r}")
                    check(published == expected_time(article), where, f"{title}: date {published} != {expected_time(article)}")

        # An unchanged refresh, handed to the daemon: conditional requests now get 304.
        refresh = subprocess.run([finews, "refresh", "--config", config], capture_output=True, text=True)
        check(refresh.returncode == 0 and "0 new, 0 updated, 5 unchanged" in refresh.stdout, "refresh",
              f"unexpected: {refresh.stdout} {refresh.stderr}")
        check(open(os.path.join(work, "serve.log")).read().count("refresh started") == 2, "refresh",
              "the daemon did not run the hand-off refresh")
        for path, (etag, modified) in validators.items():
            again = feedparser.parse(base + path, etag=etag, modified=modified)
            check(again.get("status") == 304, f"conditional {path}", f"status {again.get('status')}, expected 304")
        # newsboat sends the validators it stored; on 304 it gets no body and keeps what it has, which its
        # debug log shows as an empty retrieval and "valid: false". newsboat 2.21 stores validators with an
        # UPDATE of its feed row, which does not exist yet during its very first fetch; so it sends them from
        # its third fetch on.
        newsboat("atom.xml")
        cache = newsboat("atom.xml")
        last = open(cache + ".log", encoding="utf-8", errors="replace").read().split("Cache::fetch_lastmodified:")[-1]
        sent = not last.startswith(" t = 0 etag = \n")
        check(sent and f"http URL {base}atom.xml, valid: false" in last, "newsboat conditional",
              "newsboat did not get a 304 on its second reload")
        with sqlite3.connect(cache) as db:
            count = db.execute("SELECT count(*) FROM rss_item").fetchone()[0]
        check(count == 5, "newsboat conditional", f"{count} items kept after the 304")
    finally:
        if process and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                failures.append("finews serve: did not stop within 10 s of SIGTERM")
        if not failures:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("kept", work)

    for failure in failures:
        print("FAIL", failure)
    print(f"served clients: {check_feeds.passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
