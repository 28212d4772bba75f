import sys

from nnbook.cli import main

sys.exit(main())
