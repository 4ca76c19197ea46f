"""Real servers and helpers the tests start on loopback (and always stop)."""
