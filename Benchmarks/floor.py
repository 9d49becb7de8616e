"""The floor of each benchmark query: the statements the server runs for it (the page of ids,
the facet counts — precomputed for the unfiltered directory — the rarest-filter counts and the
three queries that load the 20 cards),
run straight on the database. Transcribed from `Features/Directory/DirectorySearch.swift` and
`DirectoryCards.swift` for an anonymous viewer; keep them in step."""
import re
import sqlite3
import statistics
import subprocess
import time
import unicodedata
import urllib.parse

CANDIDATES = 1000
FACET_SAMPLE = 2000
RARE_FILTER = 20000
PAGE = 21
KINDS = ["origin", "residence", "language", "skill", "interest"]


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


def parse(query):
    values = urllib.parse.parse_qs(query)
    filters = {kind: values[kind] for kind in KINDS if kind in values}
    return (values.get("q", [""])[0], filters)


def conditions(filters):
    sql = "p.visibility IN ('public') AND m.suspended_at IS NULL AND m.email_verified_at IS NOT NULL"
    for kind, codes in filters.items():
        sql += (f" AND EXISTS (SELECT 1 FROM profile_tags t WHERE t.member_id = p.member_id AND t.kind = {quote(kind)}"
                f" AND t.code IN ({', '.join(map(quote, codes))}))")
    return sql


def statements(query, dialect, rare_counts):
    """The statements for one request; `rare_counts(kind, codes)` counts a filter's members."""
    text, filters = parse(query)
    words = terms(text)
    cond = conditions(filters)
    out = []
    if words:
        if dialect == "sqlite":
            match = quote(" ".join(f'"{w}"*' for w in words))
            candidates = (f"SELECT ids.document_id AS document_id, -bm25(member_search_fts, 8, 4, 4, 2, 1) AS score, member_search_fts.rowid AS position "
                          f"FROM member_search_fts JOIN member_search_fts_ids AS ids ON ids.rowid = member_search_fts.rowid "
                          f"WHERE member_search_fts MATCH {match} AND EXISTS (SELECT 1 FROM member_profiles p JOIN members m ON m.id = p.member_id "
                          f"WHERE p.member_id = ids.document_id AND {cond}) ORDER BY member_search_fts.rowid DESC LIMIT {CANDIDATES}")
        else:
            tsq = quote(" & ".join(f"{w}:*" for w in words))
            candidates = (f"SELECT fts.document_id AS document_id, ts_rank(fts.document, to_tsquery('simple', {tsq})) AS score, fts.position AS position "
                          f"FROM member_search_fts AS fts WHERE fts.document @@ to_tsquery('simple', {tsq}) AND EXISTS (SELECT 1 FROM member_profiles p "
                          f"JOIN members m ON m.id = p.member_id WHERE p.member_id = fts.document_id AND {cond}) ORDER BY fts.position DESC LIMIT {CANDIDATES}")
        out.append(f"SELECT hits.document_id AS member_id FROM ({candidates}) AS hits ORDER BY hits.score DESC, hits.position DESC LIMIT {PAGE} OFFSET 0")
        members = f"SELECT hits.document_id AS member_id FROM ({candidates}) AS hits"
    else:
        best = None
        for kind, codes in filters.items():
            count_sql = f"SELECT COUNT(*) FROM profile_tags WHERE kind = {quote(kind)} AND code IN ({', '.join(map(quote, codes))})"
            out.append(count_sql)
            count = rare_counts(count_sql)
            if count < (best[2] if best else RARE_FILTER):
                best = (kind, codes, count)
        if best:
            source = (f"(SELECT DISTINCT member_id FROM profile_tags WHERE kind = {quote(best[0])} AND code IN ({', '.join(map(quote, best[1]))})) AS f "
                      f"CROSS JOIN members m CROSS JOIN member_profiles p WHERE m.id = f.member_id AND")
        else:
            source = "members m CROSS JOIN member_profiles p WHERE"
        out.append(f"SELECT p.member_id AS member_id FROM {source} p.member_id = m.id AND {cond} ORDER BY m.last_active_at DESC, m.id DESC LIMIT {PAGE}")
        members = f"SELECT p.member_id AS member_id FROM member_profiles p JOIN members m ON m.id = p.member_id WHERE {cond}"
    if not words and not filters:
        out.append("SELECT kind, code, member_count FROM directory_facet_counts WHERE audience = 'public'")
        return out
    out.append(f"WITH sample AS ({members} LIMIT {FACET_SAMPLE}) SELECT t.kind AS kind, t.code AS code, COUNT(*) AS n FROM profile_tags t "
               f"WHERE t.member_id IN (SELECT member_id FROM sample) GROUP BY t.kind, t.code UNION ALL SELECT '', '', COUNT(*) FROM sample")
    return out


def cards(ids):
    listed = ", ".join(quote(i) for i in ids) or "NULL"
    return [f"SELECT * FROM members WHERE id IN ({listed})", f"SELECT * FROM member_profiles WHERE member_id IN ({listed})",
            f"SELECT member_id, kind, code FROM profile_tags WHERE member_id IN ({listed}) ORDER BY member_id, kind, position"]


def summary(times):
    ordered = sorted(times)
    return {"p50": statistics.median(ordered), "p95": ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]}


def sqlite_floor(path, query, samples):
    db = sqlite3.connect(path)
    db.execute("PRAGMA cache_size = -20000")
    counter = lambda sql: db.execute(sql).fetchone()[0]
    times = []
    for round_ in range(samples + 3):
        start = time.perf_counter()
        page = []
        for sql in statements(query, "sqlite", counter):
            rows = db.execute(sql).fetchall()
            if sql.startswith("SELECT p.member_id") or sql.startswith("SELECT hits.document_id"):
                page = [row[0] for row in rows[:20]]
        for sql in cards(page):
            db.execute(sql).fetchall()
        if round_ >= 3:
            times.append((time.perf_counter() - start) * 1000)
    db.close()
    return summary(times)


def postgres_floor(url, query, samples):
    """Planning + execution time reported by EXPLAIN ANALYZE, summed over the request's statements."""
    def psql(sql):
        return subprocess.run(["psql", url, "-X", "-q", "-A", "-t", "-c", sql], capture_output=True, text=True, check=True).stdout
    counter = lambda sql: int(psql(sql).strip() or 0)
    page_sql = [s for s in statements(query, "postgres", counter) if s.startswith("SELECT p.member_id") or s.startswith("SELECT hits.document_id")]
    page = [line.strip() for line in psql(page_sql[0]).splitlines() if line.strip()][:20]
    everything = statements(query, "postgres", counter) + cards(page)
    times = []
    for _ in range(samples):
        total = 0.0
        for sql in everything:
            for line in psql("EXPLAIN (ANALYZE, TIMING OFF) " + sql).splitlines():
                if line.startswith("Planning Time:") or line.startswith("Execution Time:"):
                    total += float(line.split(":")[1].split()[0])
        times.append(total)
    return summary(times)
