"""The gazetteer: places, the names they go by, and finding them in report text.

`load_gazetteer()` reads `gazetteer.csv` (GeoNames settlements and admin-1 regions, and
every Ukrainian settlement from KATOTTG; see `gazetteer_build`), the analysts'
`data/gazetteer_overrides.csv` and the store's override rows on top, and indexes every
name by its key (`names.key`). Its parts, in the order text flows through them:

- `places`: the data model (Place, Candidate, Mention, Resolution, NameHit);
- `cues`: a name's surroundings that make it a person's, a river's or an ordinary word;
- `index`: every name of every place, keyed, in one automaton (built once, cached);
- `matcher`: the names in a text, before disambiguation;
- `scene`: what the text says round its names (regions after them, in their sentence; raions);
- `disambiguation`: the names of one text weighed together;
- `resolver`: the `Gazetteer` (find_mentions, resolve, search);
- `overrides`: the analysts' corrections and the curated border villages;
- `loading`: `load_gazetteer`, with the index cache.
"""
from claimmap.gazetteer.loading import CACHE_DIR, GAZETTEER_PATH, OVERRIDES_PATH, load_gazetteer
from claimmap.gazetteer.places import (Candidate, Mention, NameHit, Place, Resolution, in_theatre,
                                       override_id)
from claimmap.gazetteer.resolver import Gazetteer
from claimmap.schema import OVERRIDE_COLUMNS

__all__ = ["CACHE_DIR", "GAZETTEER_PATH", "OVERRIDES_PATH", "OVERRIDE_COLUMNS", "Candidate", "Gazetteer", "Mention",
           "NameHit", "Place", "Resolution", "in_theatre", "load_gazetteer", "override_id"]
