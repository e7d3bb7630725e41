#!/usr/bin/env python3
"""What scripts/test.sh prints after dotnet test, read from the trx files under the results folder given:

1. the tests not run because ../shared is missing (research corpora and recorded feeds that cannot be redistributed),
   on one line that says why;
2. the failed tests again, each with the first lines of its message and the Signals frames of its stack: CI keeps only
   the tail of the output, so a red run must say there which test failed;
3. last, the line CI reads: "N passed, N failed, N skipped", counted from each result's outcome (dotnet test's own
   counters leave ignored tests, outcome NotExecuted, out of notExecuted).
"""
import glob
import re
import sys
import xml.etree.ElementTree as ET

SKIPPED = ("NotExecuted", "Inconclusive", "Pending", "NotRunnable")


def error(result, part):
    """The Message or StackTrace a result carries, or "" when it has none."""
    node = result.find(".//{*}Output/{*}ErrorInfo/{*}" + part)
    return (node.text or "") if node is not None else ""


results = [r for f in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)
           for r in ET.parse(f).getroot().iter() if r.tag.endswith("}UnitTestResult")]

not_run = sorted(r.get("testName") for r in results if r.get("outcome") == "NotExecuted"
                 and "../shared is missing" in error(r, "Message"))
if not_run:
    print(f"test.sh: ../shared is missing beside the repository (research corpora and recorded feeds that cannot be "
          f"redistributed), so {len(not_run)} tests were not run (counted as skipped): {', '.join(not_run)}")

failed = sorted((r for r in results if r.get("outcome") != "Passed" and r.get("outcome") not in SKIPPED),
                key=lambda r: r.get("testName") or "")
if failed:
    print(f"test.sh: {len(failed)} failed:")
    for r in failed:
        print(f"  FAILED {r.get('testName')} ({r.get('outcome')})")
        for line in error(r, "Message").strip().splitlines()[:12]:
            print(f"    {line}")
        # NUnit writes a frame twice when it numbers the failures ("1)    at …"): each frame once.
        frames = [re.sub(r"^\d+\)\s+", "", l.strip()) for l in error(r, "StackTrace").splitlines()]
        for line in list(dict.fromkeys(f for f in frames if "Signals" in f))[:4]:
            print(f"    {line}")

passed = sum(r.get("outcome") == "Passed" for r in results)
skipped = sum(r.get("outcome") in SKIPPED for r in results)
print(f"{passed} passed, {len(results) - passed - skipped} failed, {skipped} skipped")
