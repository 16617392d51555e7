"""``python -m tactful``: the same command line as ``tactful``."""

from tactful._cli import main

raise SystemExit(main())
