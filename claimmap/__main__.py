import sys

from claimmap.cli import main

sys.exit(main())
