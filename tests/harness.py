# SPDX-License-Identifier: GPL-3.0-or-later
#
# The reporting the Python test scripts share (tests/cli/cli_test.py,
# tests/cli/bad_input_test.py, tests/crash/crash_test.py): "ok - NAME",
# "FAIL - NAME: DETAIL" or "skip - NAME: WHY" per check, then a summary line and the
# exit status. Standard library only.
import sys


class Skip(Exception):
    """Raised by a check that cannot run here (a missing tool, running as root)."""


class Report:
    def __init__(self, detail_limit=400):
        self.passed = self.failed = self.skipped = 0
        self.detail_limit = detail_limit
        self.after_check = None  # called after each check (e.g. to print its commands)

    def report(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"ok - {name}")
        else:
            self.failed += 1
            detail = " ".join(str(detail).split())
            if len(detail) > self.detail_limit:
                detail = detail[:self.detail_limit] + "…"
            print(f"FAIL - {name}: {detail}")
        sys.stdout.flush()

    def check(self, name, fn):
        """Runs fn(); an AssertionError or any other exception is a failure, Skip a skip."""
        try:
            fn()
        except Skip as e:
            self.skipped += 1
            print(f"skip - {name}: {e}")
        except AssertionError as e:
            self.report(name, False, e)
        except Exception as e:  # noqa: BLE001 - a crash in a check is a failure, not an abort
            self.report(name, False, f"{type(e).__name__}: {e}")
        else:
            self.report(name, True)
        if self.after_check:
            self.after_check()
        sys.stdout.flush()

    def finish(self):
        """Prints the summary and exits: 0 only when nothing failed."""
        skipped = f", {self.skipped} skipped" if self.skipped else ""
        print(f"{self.passed} passed, {self.failed} failed{skipped}")
        sys.exit(0 if self.failed == 0 else 1)
