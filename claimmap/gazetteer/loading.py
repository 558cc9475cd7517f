"""Loading the gazetteer: the rows, the overrides on top, and the index from the cache when the
inputs are unchanged (a fresh process has it ready in about a second)."""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import pandas as pd

from claimmap import names
from claimmap.atomicfile import write_atomically
from claimmap.border_places import BORDER_PLACES_PATH
from claimmap.gazetteer.cues import PERSONS_PATH, PLACE_NOUNS_PATH
from claimmap.gazetteer.index import Index
from claimmap.gazetteer.overrides import apply_overrides, read_overrides, with_border_places
from claimmap.gazetteer.resolver import Gazetteer
from claimmap.gazetteer_build import GAZETTEER_COLUMNS
from claimmap.placeids import GAZETTEER_PATH, OVERRIDES_PATH, REPO

CACHE_DIR = REPO / "data" / "cache"
CACHE_KEEP = 4  # cached indexes kept (about 11 MB each)


def _cache_key(path: Path, overrides: pd.DataFrame) -> str:
    """Changes with the gazetteer file, the overrides, and the code that keys and indexes names."""
    digest = hashlib.sha256()
    for source in (Path(names.__file__), *sorted(Path(__file__).parent.glob("*.py")), PERSONS_PATH, PLACE_NOUNS_PATH):
        digest.update(source.read_bytes())
    stat = path.stat()
    digest.update(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    digest.update(overrides.to_csv(index=False).encode())
    if BORDER_PLACES_PATH.exists():
        digest.update(BORDER_PLACES_PATH.read_bytes())
    return digest.hexdigest()[:20]


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # another process pruned it first
        return 0.0


def load_gazetteer(path: str | Path | None = None, overrides_path: str | Path | None = None,
                   extra_overrides: pd.DataFrame | None = None) -> Gazetteer:
    """The gazetteer from `path` (default: the committed gazetteer.csv) with the
    overrides file and `extra_overrides` (the store's override rows) on top."""
    path = Path(path or GAZETTEER_PATH)
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: run `python -m claimmap gazetteer build`")
    overrides = read_overrides(Path(overrides_path) if overrides_path else OVERRIDES_PATH, extra_overrides)
    cache = CACHE_DIR / f"gazetteer-{_cache_key(path, overrides)}.pickle"
    try:
        with cache.open("rb") as handle:
            index = pickle.load(handle)
        os.utime(cache)  # recently used: kept by the pruning below
        return Gazetteer(index)
    except FileNotFoundError:
        pass  # not built yet, or pruned by another process just now: build below
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass  # stale cache: rebuild below
    # (An unplaced village's empty lat/lon is NaN; an older file without the KATOTTG columns has only exact points.)
    frame = pd.read_csv(path, dtype={"admin1_code": str, "alternate_names": str}, keep_default_na=False,
                        na_values={"lat": [""], "lon": [""]})
    frame = frame.reindex(columns=list(GAZETTEER_COLUMNS)).fillna(
        {"raion": "", "hromada": "", "location_precision": "exact", "placed_at": ""})
    frame = with_border_places(frame)
    index = Index(*apply_overrides(frame, overrides))
    # Other processes may build the same index at the same time: each writes its own temporary file.
    write_atomically(cache, lambda handle: pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL))
    # Keep the few most recently used indexes (with and without the store's overrides).
    for stale in sorted(CACHE_DIR.glob("gazetteer-*.pickle"), key=_mtime)[:-CACHE_KEEP]:
        stale.unlink(missing_ok=True)
    return Gazetteer(index)
