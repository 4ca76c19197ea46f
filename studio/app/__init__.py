"""Use cases that wire the layers below: go live, stop, bench. Qt-free."""
