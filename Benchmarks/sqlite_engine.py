"""The server's own SQLite, for the floor: the amalgamation SQLiteNIO bundles (and the server
runs) compiled into a shared library and called through ctypes, so the floor is measured on the
same SQLite version, with the same compile options that matter (FTS5), as the server."""
import ctypes
import glob
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFINES = ["SQLITE_DEFAULT_MEMSTATUS=0", "SQLITE_DQS=0", "SQLITE_ENABLE_FTS5", "SQLITE_SECURE_DELETE",
           "SQLITE_THREADSAFE=1", "SQLITE_USE_URI", "SQLITE_OMIT_LOAD_EXTENSION", "SQLITE_MAX_VARIABLE_NUMBER=250000"]


def library():
    sources = sorted(glob.glob(str(ROOT / ".build*" / "checkouts" / "sqlite-nio" / "Sources" / "*" / "sqlite_nio_sqlite3.c")))
    if not sources:
        raise SystemExit("build the server first: SQLiteNIO's sqlite_nio_sqlite3.c is not under .build*/checkouts")
    target = Path(tempfile.gettempdir()) / "od-bench-sqlite.so"
    if not target.exists() or target.stat().st_mtime < Path(sources[0]).stat().st_mtime:
        subprocess.run(["cc", "-O2", "-fPIC", "-shared", *[f"-D{d}" for d in DEFINES], sources[0], "-o", str(target),
                        "-lpthread", "-lm"], check=True)
    lib = ctypes.CDLL(str(target))
    for name, arguments, result in [
        ("open", [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)], ctypes.c_int),
        ("prepare_v2", [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p], ctypes.c_int),
        ("step", [ctypes.c_void_p], ctypes.c_int),
        ("finalize", [ctypes.c_void_p], ctypes.c_int),
        ("close", [ctypes.c_void_p], ctypes.c_int),
        ("column_count", [ctypes.c_void_p], ctypes.c_int),
        ("column_text", [ctypes.c_void_p, ctypes.c_int], ctypes.c_char_p),
        ("errmsg", [ctypes.c_void_p], ctypes.c_char_p),
    ]:
        function = getattr(lib, "sqlite_nio_sqlite3_" + name)
        function.argtypes, function.restype = arguments, result
    return lib


class Engine:
    ROW, DONE = 100, 101

    def __init__(self, path):
        self.lib = library()
        self.handle = ctypes.c_void_p()
        if self.lib.sqlite_nio_sqlite3_open(str(path).encode(), ctypes.byref(self.handle)):
            raise SystemExit(f"cannot open {path}")

    def run(self, sql, read=False):
        """Runs `sql` to its last row; returns the rows' text when `read`, else their number."""
        statement = ctypes.c_void_p()
        lib = self.lib
        if lib.sqlite_nio_sqlite3_prepare_v2(self.handle, sql.encode(), -1, ctypes.byref(statement), None):
            raise RuntimeError(lib.sqlite_nio_sqlite3_errmsg(self.handle).decode())
        rows, count = [], 0
        columns = lib.sqlite_nio_sqlite3_column_count(statement)
        while True:
            code = lib.sqlite_nio_sqlite3_step(statement)
            if code == self.ROW:
                count += 1
                if read:
                    rows.append(tuple((lib.sqlite_nio_sqlite3_column_text(statement, i) or b"").decode() for i in range(columns)))
            elif code == self.DONE:
                break
            else:
                message = lib.sqlite_nio_sqlite3_errmsg(self.handle).decode()
                lib.sqlite_nio_sqlite3_finalize(statement)
                raise RuntimeError(message)
        lib.sqlite_nio_sqlite3_finalize(statement)
        return rows if read else count

    def close(self):
        self.lib.sqlite_nio_sqlite3_close(self.handle)
