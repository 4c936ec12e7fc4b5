"""Our own django-payments providers, for processors whose bundled provider doesn't do what DESIGN §4 asks."""
