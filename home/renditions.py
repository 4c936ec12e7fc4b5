"""The renditions the public pages show, made as soon as an image is saved, so that no visitor's page waits
while one is cut and encoded (and a cached page never names one that isn't there yet).

PUBLIC_RENDITIONS is the one list of them: every `{% image %}` tag of a public template uses one of these
specs (tests/home/test_renditions.py reads the templates to check), written there with spaces for the "|".
"""

from wagtail.images import get_image_model

PUBLIC_RENDITIONS = [
    "width-960|format-webp",  # a page's picture, and the pictures in its body
    "fill-1600x700|format-webp",  # the home page's hero
    "fill-1200x630|format-jpeg",  # the link preview of a page with a picture (includes/meta_tags.html)
    "fill-480x480|format-webp",  # a teacher's photo on their page
    "fill-400x400|format-webp",  # a teacher's photo on the teachers page
]


def make_public_renditions(image):
    """Every public rendition of the image that doesn't exist yet (for its current focal point)."""
    image.get_renditions(*PUBLIC_RENDITIONS)


def make_missing_renditions():
    """The public renditions of every image that are missing; returns how many images there are."""
    images = get_image_model().objects.prefetch_renditions(*PUBLIC_RENDITIONS)
    for image in images:
        make_public_renditions(image)
    return len(images)
