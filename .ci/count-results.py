"""Adds up what the CI's runners reported into one closing line, `total: N passed, N failed`.

Swift Testing reports `Test run with N tests … passed|failed`, and one `✘ Test … failed after`
line per failing test; pytest ends with `N passed[, N failed][, N error]`. A runner that printed
no closing line at all counts as one failure, so a crash can never read as success."""
import re
import sys

passed = failed = 0
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8", errors="replace").read()
    swift_runs = re.findall(r"Test run with (\d+) tests? in \d+ suites? (passed|failed)", text)
    pytest_runs = re.findall(r"^=*\s*(\d+ (?:passed|failed|errors?)(?:, \d+ (?:passed|failed|skipped|errors?|warnings?))*) in [\d.]+s", text, re.M)
    if swift_runs:
        total = int(swift_runs[-1][0])
        failing = len(re.findall(r"^✘ Test (?!run )\S.* failed after", text, re.M))
        passed += total - failing
        failed += failing
    elif pytest_runs:
        counts = dict((kind.rstrip("s"), int(n)) for n, kind in re.findall(r"(\d+) (passed|failed|errors?)", pytest_runs[-1]))
        passed += counts.get("passed", 0)
        failed += counts.get("failed", 0) + counts.get("error", 0)
    else:
        failed += 1
print(f"total: {passed} passed, {failed} failed")
