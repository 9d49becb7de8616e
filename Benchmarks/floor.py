"""The floor of each benchmark query: the statements the server runs for it (the walk of the
search index — a page, or the relevance candidates, or the facet sample — the precomputed
facet counts for the unfiltered directory, and the three queries that load the 20 cards), run
straight on the database. Transcribed from `Features/Directory/DirectorySearch.swift`,
`Platform/Database/*FullTextDialect.swift` and `Features/Profiles/ProfileBatch.swift` for an
anonymous viewer; keep them in step."""
import re
import statistics
import subprocess
import time
import unicodedata
import urllib.parse

CANDIDATES = 200
FACET_SAMPLE = 200
PAGE = 21
KINDS = ["origin", "residence", "language", "skill", "interest"]
TEXT_FIELDS = [("name", 8), ("headline", 4), ("skills", 4), ("city", 2), ("bio", 1)]
HIDDEN = ["visibilitymembers", "visibilityconnections"]  # what a visitor may not see
LISTED = ("EXISTS (SELECT 1 FROM members m WHERE m.id = {id} AND m.suspended_at IS NULL "
          "AND m.email_verified_at IS NOT NULL)")


def terms(text):
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    seen, result = set(), []
    for word in re.split(r"[^\w]+|_", folded):
        if word and word not in seen:
            seen.add(word)
            result.append(word[:64])
    return result[:8]


def quote(value):
    return "'" + value.replace("'", "''") + "'"


def keyword(kind, code):
    return kind + code.encode().hex()


def parse(query):
    values = urllib.parse.parse_qs(query)
    filters = {kind: values[kind] for kind in KINDS if kind in values}
    return (values.get("q", [""])[0], filters)


def match_sqlite(words, filters, expansions):
    columns = "{" + " ".join(f for f, _ in TEXT_FIELDS) + "}"
    parts = []
    for w in words:
        found = expansions.get(w)
        if found is None:
            parts.append(f'{columns} : "{w}"*')
        elif found:
            parts.append(f"{columns} : (" + " OR ".join(f'"{x}"' for x in found) + ")")
        else:
            parts.append(f'{columns} : "{w}"')
    parts += ["keywords : (" + " OR ".join(f'"{keyword(k, c)}"' for c in codes) + ")" for k, codes in filters.items()]
    return " AND ".join(parts) or 'keywords : "0every"'


def tsquery(words, filters):
    parts = [f"'{w}':*" for w in words]
    parts += ["(" + " | ".join(f"'#{keyword(k, c)}'" for c in codes) + ")" for k, codes in filters.items()]
    parts = parts or ["'#0every'"]
    return " & ".join(parts + ["!(" + " | ".join(f"'#{h}'" for h in HIDDEN) + ")"])


def expansion_sql(words):
    """The word list lookup the SQLite dialect runs, one statement for all typed words (at most 16 + 1 each)."""
    return " UNION ALL ".join(
        f"SELECT * FROM (SELECT {i} AS term, word FROM member_search_fts_words WHERE word >= {quote(w)} "
        f"AND word < {quote(w + chr(0x10FFFF))} ORDER BY word LIMIT 17)" for i, w in enumerate(words))


def walk(words, filters, dialect, limit, ranked, expansions=None):
    if dialect == "sqlite":
        score = ""
        if ranked:
            score = ", CAST(" + " + ".join(
                f"{weight} * ((length(' ' || member_search_fts.{field}) - length(replace(' ' || member_search_fts.{field}, {quote(' ' + w)}, ''))) / {len(w) + 1})"
                for w in words for field, weight in TEXT_FIELDS) + " AS REAL) AS score"
        return (f"SELECT ids.document_id AS document_id, member_search_fts.rowid AS position, member_search_fts.keywords AS keywords{score} "
                f"FROM member_search_fts CROSS JOIN member_search_fts_ids AS ids ON ids.rowid = member_search_fts.rowid "
                f"WHERE member_search_fts MATCH {quote(match_sqlite(words, filters, expansions or {}))} "
                + "".join(f"AND instr(' ' || member_search_fts.keywords || ' ', ' {h} ') = 0 " for h in HIDDEN)
                + f"AND {LISTED.format(id='ids.document_id')} "
                f"ORDER BY member_search_fts.rowid DESC LIMIT {limit}")
    q = f"CAST({quote(tsquery(words, filters))} AS tsquery)"
    score = f", CAST(ts_rank(fts.document, {q}) AS DOUBLE PRECISION) AS score" if ranked else ""
    return (f"SELECT fts.document_id AS document_id, fts.position AS position, fts.keywords AS keywords{score} "
            f"FROM member_search_fts AS fts WHERE fts.document @@ {q} AND {LISTED.format(id='fts.document_id')} "
            f"ORDER BY fts.position DESC LIMIT {limit}")


def statements(query, dialect, lookup=None):
    """The statements of one request, the first giving the page (its first 20 ids); on SQLite,
    `lookup(sql)` runs the word list lookups first (their cost is counted by the caller)."""
    text, filters = parse(query)
    words = terms(text)
    expansions = {}
    if dialect == "sqlite" and lookup and words:
        rows = lookup(expansion_sql(words))
        for i, word in enumerate(words):
            found = sorted(row[1] for row in rows if int(row[0]) == i)
            expansions[word] = None if len(found) > 16 else found
    if words:
        return [walk(words, filters, dialect, CANDIDATES, True, expansions)]
    if not filters:
        return [walk(words, filters, dialect, PAGE, False),
                "SELECT code FROM directory_facet_counts WHERE audience = 'public' AND kind = ''",
                "SELECT kind, code, member_count FROM directory_facet_counts WHERE audience = 'public'"]
    return [walk(words, filters, dialect, FACET_SAMPLE, False)]


def cards(ids):
    listed = ", ".join(quote(i) for i in ids) or "NULL"
    return [f"SELECT m.id, m.display_name, p.headline, p.bio, p.city, p.visibility, p.open_to_contact, p.photo_hash, p.links "
            f"FROM member_profiles p JOIN members m ON m.id = p.member_id WHERE p.member_id IN ({listed})",
            f"SELECT member_id, kind, code FROM profile_tags WHERE member_id IN ({listed}) ORDER BY member_id, kind, position"]


def summary(times):
    ordered = sorted(times)
    return {"p50": statistics.median(ordered), "p95": ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]}


def sqlite_floor(path, query, samples):
    """Wall time of the request's statements on the server's own SQLite build (`sqlite_engine`),
    with the server's page cache size; only the first statement's rows are read back."""
    from sqlite_engine import Engine
    db = Engine(path)
    db.run("PRAGMA cache_size = -32768")
    times = []
    for round_ in range(samples + 3):
        start = time.perf_counter()
        page = []
        for index, sql in enumerate(statements(query, "sqlite", lambda sql: db.run(sql, read=True))):
            if index == 0:
                rows = db.run(sql, read=True)
                if rows and len(rows[0]) == 4:
                    rows = sorted(rows, key=lambda row: (-float(row[3]), -int(row[1])))
                page = [row[0] for row in rows[:20]]
            else:
                db.run(sql)
        for sql in cards(page):
            db.run(sql)
        if round_ >= 3:
            times.append((time.perf_counter() - start) * 1000)
    db.close()
    return summary(times)


def postgres_floor(url, query, samples):
    """Planning + execution time reported by EXPLAIN ANALYZE, summed over the request's statements."""
    def psql(sql):
        return subprocess.run(["psql", url, "-X", "-q", "-A", "-t", "-c", sql], capture_output=True, text=True, check=True).stdout
    first = statements(query, "postgres")[0]
    rows = [line.split("|") for line in psql(first).splitlines() if line.strip()]
    if rows and len(rows[0]) == 4:
        rows.sort(key=lambda row: (-float(row[3]), -int(row[1])))
    page = [row[0] for row in rows[:20]]
    everything = statements(query, "postgres") + cards(page)
    times = []
    for _ in range(samples):
        total = 0.0
        for sql in everything:
            for line in psql("EXPLAIN (ANALYZE, TIMING OFF) " + sql).splitlines():
                if line.startswith("Planning Time:") or line.startswith("Execution Time:"):
                    total += float(line.split(":")[1].split()[0])
        times.append(total)
    return summary(times)
