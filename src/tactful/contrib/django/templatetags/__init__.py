"""Template tags: ``{% load tactful %}``."""
