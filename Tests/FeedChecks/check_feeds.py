#!/usr/bin/env python3
"""Checks every feed finews published, independently of the Swift code that wrote them.

Each feed is parsed by Python's feedparser (as common readers do) and checked against the rules of its
spec: RSS 2.0 (rssboard.org), Atom 1.0 (RFC 4287) and JSON Feed 1.1. Prints one line per failure and
closes with 'N passed, N failed'. Usage: check_feeds.py OUTPUT_FOLDER [--expect-seeds]
"""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
                    r"\d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT|UT)$")
URN_OR_URL = re.compile(r"^(urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|https?://\S+)$")

HTTP_LINK = re.compile(r"^https?://[^\s/?#]+", re.IGNORECASE)

passed = 0
failures = []


def offset_ok(date):
    """Offsets within ±18:00 (ISO 8601; no zone has ever used more), minutes below 60."""
    match = re.search(r"([+-])(\d{2}):?(\d{2})$", date or "")
    if not match:
        return True
    hours, minutes = int(match.group(2)), int(match.group(3))
    return minutes < 60 and hours * 60 + minutes <= 18 * 60


def check_date(date, pattern, where, what):
    check(date is not None and pattern.match(date) and offset_ok(date), where, f"{what}: {date!r}")


def check_link(link, where, what):
    """Readers make links clickable: only http and https may be published (no javascript:, data:)."""
    if link is not None:
        check(HTTP_LINK.match(link), where, f"{what} is not an http(s) URL: {link!r}")


def check(condition, where, message):
    global passed
    if condition:
        passed += 1
    else:
        failures.append(f"{where}: {message}")


def check_parsed(path, expected_version):
    parsed = feedparser.parse(path)
    check(not parsed.bozo, path, f"feedparser: {parsed.get('bozo_exception')}")
    check(parsed.version == expected_version, path, f"feedparser sees version {parsed.version!r}")
    for entry in parsed.entries:
        check(bool(entry.get("title")), path, "entry without title")
        check(bool(entry.get("id")), path, f"entry without id: {entry.get('title')}")
        check(entry.get("published_parsed") is not None, path, f"entry without a parsable date: {entry.get('title')}")
    return parsed


def check_rss(path):
    parsed = check_parsed(path, "rss20")
    root = ET.parse(path).getroot()
    check(root.tag == "rss" and root.get("version") == "2.0", path, "root must be <rss version='2.0'>")
    channel = root.find("channel")
    for name in ("title", "link", "description"):
        check(channel is not None and (channel.findtext(name) or "").strip() != "", path, f"channel needs <{name}>")
    selfs = [l for l in channel.findall(f"{ATOM}link") if l.get("rel") == "self"]
    # A filtered feed's own URL carries its query (feed.xml?filter=…).
    check(len(selfs) == 1 and selfs[0].get("href", "").split("?")[0].endswith(os.path.basename(path)), path,
          "atom:link rel=self")
    for date in [channel.findtext("lastBuildDate")] + [i.findtext("pubDate") for i in channel.findall("item")]:
        check_date(date, RFC822, path, "not an RFC 822 date")
    for item in channel.findall("item"):
        check_link(item.findtext("link"), path, "item link")
        for enclosure in item.findall("enclosure"):
            check_link(enclosure.get("url"), path, "enclosure url")
    guids = [i.findtext("guid") for i in channel.findall("item")]
    check(len(guids) == len(set(guids)), path, "guids must be unique")
    for item in channel.findall("item"):
        check(item.findtext("title") or item.findtext("description"), path, "item needs a title or description")
        check(item.find("author") is None, path, "RSS author must be an e-mail address; use dc:creator")
    return parsed


def check_atom(path):
    parsed = check_parsed(path, "atom10")
    root = ET.parse(path).getroot()
    check(root.tag == f"{ATOM}feed", path, "root must be atom:feed")
    for name in ("id", "title", "updated"):
        check(len(root.findall(f"{ATOM}{name}")) == 1, path, f"feed needs exactly one atom:{name}")
    check_date(root.findtext(f"{ATOM}updated") or "", RFC3339, path, "feed updated must be RFC 3339")
    selfs = [l for l in root.findall(f"{ATOM}link") if l.get("rel") == "self"]
    check(len(selfs) == 1, path, "feed needs one link rel=self")
    feed_author = root.find(f"{ATOM}author") is not None
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            check(len(entry.findall(f"{ATOM}{name}")) == 1, path, f"entry needs exactly one atom:{name}")
        entry_id = entry.findtext(f"{ATOM}id") or ""
        ids.append(entry_id)
        check(URN_OR_URL.match(entry_id), path, f"entry id is not an IRI: {entry_id!r}")
        for name in ("updated", "published"):
            for value in [e.text for e in entry.findall(f"{ATOM}{name}")]:
                check_date(value or "", RFC3339, path, f"entry {name} not RFC 3339")
        for link in entry.findall(f"{ATOM}link"):
            check_link(link.get("href"), path, f"link rel={link.get('rel', 'alternate')}")
        check(feed_author or entry.find(f"{ATOM}author") is not None, path, "entry needs an author (RFC 4287 4.1.1)")
        content = entry.find(f"{ATOM}content")
        alternate = [l for l in entry.findall(f"{ATOM}link") if l.get("rel", "alternate") == "alternate"]
        check(content is not None or alternate, path, "entry needs content or a link rel=alternate")
        if content is not None:
            check(content.get("type") in ("text", "html", "xhtml"), path, "content type")
    check(len(ids) == len(set(ids)), path, "entry ids must be unique")
    return parsed


def check_json(path):
    with open(path, encoding="utf-8") as handle:
        feed = json.load(handle)
    check(feed.get("version") == "https://jsonfeed.org/version/1.1", path, "version must be JSON Feed 1.1")
    check(isinstance(feed.get("title"), str) and feed["title"], path, "title is required")
    check(isinstance(feed.get("items"), list), path, "items is required")
    check(feed.get("feed_url", "").split("?")[0].endswith("feed.json"), path, "feed_url")
    ids = []
    for item in feed.get("items", []):
        check(isinstance(item.get("id"), str) and item["id"], path, "item id must be a non-empty string")
        ids.append(item.get("id"))
        check("content_html" in item or "content_text" in item, path, "item needs content_html or content_text")
        for name in ("date_published", "date_modified"):
            if name in item:
                check_date(item[name], RFC3339, path, f"{name} not RFC 3339")
        for name in ("url", "external_url", "image", "banner_image"):
            if name in item:
                check_link(item[name], path, f"item {name}")
        for attachment in item.get("attachments", []):
            check_link(attachment.get("url"), path, "attachment url")
        if "authors" in item:
            check(all(isinstance(a.get("name"), str) for a in item["authors"]), path, "authors need names")
    check(len(ids) == len(set(ids)), path, "item ids must be unique")
    return feed


def check_change_log(folder):
    path = os.path.join(folder, "changes.jsonl")
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    check(len(lines) > 0, path, "change log is empty")
    previous = 0
    for number, line in enumerate(lines, 1):
        event = json.loads(line)
        check(event["kind"] in ("new", "updated", "removed", "merged"), f"{path}:{number}", "kind")
        check(event["id"] > previous, f"{path}:{number}", "ids must increase")
        check_date(event["at"], RFC3339, f"{path}:{number}", "at must be RFC 3339")
        previous = event["id"]
    check_atom(os.path.join(folder, "changes.atom"))


def check_opml(folder):
    """opml.xml lists every published feed, each with a title, and nothing that is not there."""
    path = os.path.join(folder, "opml.xml")
    root = ET.parse(path).getroot()
    check(root.tag == "opml" and root.get("version") == "2.0", path, "root must be <opml version='2.0'>")
    outlines = root.findall("./body/outline")
    check(len(outlines) >= 3, path, f"only {len(outlines)} outlines")
    listed = set()
    for outline in outlines:
        url = outline.get("xmlUrl", "")
        check(bool(outline.get("text")) and bool(outline.get("title")), path, f"outline without a title: {url}")
        relative = re.sub(r"^https?://[^/]+/", "", url)
        listed.add(relative)
        check(os.path.exists(os.path.join(folder, relative)), path, f"lists {url}, which was not published")
    for directory, _, files in os.walk(folder):
        if "feed.xml" in files:
            relative = os.path.relpath(os.path.join(directory, "feed.xml"), folder)
            check(relative in listed, path, f"{relative} is published but not listed")


def check_seeds(folder):
    """The seed articles as a reader sees them: titles, links, dates with their offsets."""
    parsed = feedparser.parse(os.path.join(folder, "atom.xml"))
    by_title = {e.title: e for e in parsed.entries}
    entry = by_title.get("江北新区召开科技金融发展大会")
    check(entry is not None, "atom.xml", "seed 000 missing")
    if entry is not None:
        check(entry.link == "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202112232224053637",
              "atom.xml", f"seed 000 link {entry.get('link')!r}")
        check(entry.published == "2021-12-23T13:43:05+08:00", "atom.xml", f"seed 000 published {entry.published!r}")
    check("蘇州將成為江蘇省區塊鏈發展新高地" in by_title, "atom.xml", "seed 004 title")
    # The default configuration's keyword feed: 区块链 finds the four seeds that mention it, the
    # Traditional one (區塊鏈) included.
    chain = feedparser.parse(os.path.join(folder, "feeds", "blockchain", "atom.xml"))
    check({e.title for e in chain.entries} == set(by_title) - {"洞察新趋势、共建新生态  ——国际金融科技生态园开放日成功举办"},
          "feeds/blockchain/atom.xml", f"entries {sorted(e.title for e in chain.entries)}")
    check(len(parsed.entries) == 5, "atom.xml", f"expected 5 seed entries, found {len(parsed.entries)}")
    rss = feedparser.parse(os.path.join(folder, "feed.xml"))
    check(any(e.get("published", "").startswith("Fri, 09 Apr 2021 18:10:00") for e in rss.entries), "feed.xml",
          "seed 002 pubDate")


def main():
    folder = sys.argv[1]
    feeds = 0
    for directory, _, files in os.walk(folder):
        for name in sorted(files):
            path = os.path.join(directory, name)
            if name == "feed.xml":
                check_rss(path)
            elif name == "atom.xml":
                check_atom(path)
            elif name == "feed.json":
                check_json(path)
            else:
                continue
            feeds += 1
    check(feeds >= 3, folder, "no feeds found")
    check_change_log(folder)
    check_opml(folder)
    if "--expect-seeds" in sys.argv:
        check_seeds(folder)
    for failure in failures:
        print("FAIL", failure)
    print(f"feed checks over {feeds} feeds and the change log")
    print(f"feeds: {passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
