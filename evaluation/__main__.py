import sys

from evaluation.runner import main

sys.exit(main())
