"""The awards pages, one module per area: parameters, nominations, council, decisions, honour board."""
