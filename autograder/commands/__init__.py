"""One module per `scratchnet` subcommand; each has `add_parser(subparsers)` and `run(args)`."""
