"""`python -m bot`: the same command line as `mujaz`."""

from bot.cli import main

raise SystemExit(main())
