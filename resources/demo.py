"""The demo school's class material (DESIGN §5): a review video for every week of every subject, notes for the
first class, a practice playlist when the class ends, announcements, and material for teachers and admins.

The videos are shown from a stored embed, so that the demo needs no network to fetch them from YouTube; one
public clip of the Savoy Ballroom era stands in for every class's own recording.
"""

from django.utils import timezone
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from classes.models import SubjectPage

from .models import ResourceIndexPage, ResourcePage

DEMO_VIDEO = "https://www.youtube.com/watch?v=qkthxBYFi5I"
DEMO_VIDEO_HTML = (
    '<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/qkthxBYFi5I" '
    'title="Lindy Hop on film, 1941" allow="encrypted-media; picture-in-picture" allowfullscreen></iframe>'
)
Audience, Kind, Release = ResourcePage.Audience, ResourcePage.Kind, ResourcePage.Release


def build_resources():
    """Made once: an index that already has resources is left as it is, with any edits."""
    index = resources_index()
    if ResourcePage.objects.child_of(index).exists():
        return
    _store_demo_video()
    for subject in SubjectPage.objects.live().order_by("path"):
        for resource in subject_material(subject):
            _add(index, resource, subjects=[subject])
    for resource in school_announcements():
        _add(index, resource)


def resources_index():
    """/resources/, made with the site (resources migration 0002), with a word for its visitors."""
    index = ResourceIndexPage.objects.get()
    if not index.introduction:
        index.introduction = "<p>Review videos, notes and news. Log in to see the material of your classes.</p>"
        index.save_revision().publish()
    return index


def subject_material(subject):
    yield ResourcePage(
        title=f"{subject.title}: before your first class",
        slug=f"{subject.slug}-before-you-start",
        kind=Kind.TEXT,
        release=Release.SIGNUP,
        summary="What to wear, where to go, and what we will dance.",
        body=[
            _text(
                f"<p>Welcome to {subject.title}! Wear shoes that turn easily (leather or suede soles) and "
                "bring water. Arrive ten minutes early on the first night to check in at the door.</p>"
            )
        ],
    )
    for week in range(1, subject.num_weeks + 1):
        yield ResourcePage(
            title=f"{subject.title}: week {week} review",
            slug=f"{subject.slug}-week-{week}",
            kind=Kind.VIDEO,
            release=Release.AFTER_CLASS,
            release_class_number=week,
            summary=f"The moves of class {week}, slowly and at speed.",
            body=[
                {"type": "video", "value": DEMO_VIDEO},
                _text(f"<p>Practise along twice before class {week + 1}: once counting, once to music.</p>"),
            ],
        )
    yield ResourcePage(
        title=f"{subject.title}: practice playlist",
        slug=f"{subject.slug}-playlist",
        kind=Kind.LINK,
        release=Release.COMPLETION,
        summary="Songs at the tempos we danced, to keep practising after the series.",
        body=[{"type": "link", "value": {"url": "https://www.swingdancemusic.example/playlist", "title": "Playlist"}}],
    )
    yield ResourcePage(
        title=f"{subject.title}: your next class",
        slug=f"{subject.slug}-next-class",
        kind=Kind.ANNOUNCEMENT,
        release=Release.COMPLETION,
        expire_after_weeks=2,
        summary="Sign up for the next level by the pre-pay deadline and keep the discount.",
        body=[_text("<p>Finished the series? The next session's classes are open for registration now.</p>")],
    )


def school_announcements():
    yield ResourcePage(
        title="Registration for the new session is open",
        slug="registration-is-open",
        kind=Kind.ANNOUNCEMENT,
        audience=Audience.PUBLIC,
        summary="New class series start every five weeks.",
        body=[_text("<p>Beginners welcome, no partner needed. Pre-pay online to save on every class.</p>")],
    )
    yield ResourcePage(
        title="Friday social: live band this month",
        slug="friday-social-live-band",
        kind=Kind.ANNOUNCEMENT,
        audience=Audience.STUDENTS,
        summary="Students get in for half price with their class wristband.",
        body=[_text("<p>The Jumptown Jazz Orchestra plays from 9 pm. Come dance what you learned.</p>")],
    )
    yield ResourcePage(
        title="Teaching notes: rotating partners",
        slug="teaching-notes-rotation",
        kind=Kind.TEXT,
        audience=Audience.TEACHERS,
        summary="How we rotate so that everyone dances with everyone.",
        body=[_text("<p>Rotate every song in weeks 1 and 2, every other song after that.</p>")],
    )
    yield ResourcePage(
        title="Front desk: checking students in",
        slug="front-desk-check-in",
        kind=Kind.TEXT,
        audience=Audience.STAFF,
        summary="Door payments, wristbands and the waitlist at the door.",
        body=[_text("<p>Take door payments in the admin before class starts; offer empty seats to the waitlist.</p>")],
    )


def _add(index, resource, subjects=()):
    resource.subjects = list(subjects)
    resource.first_published_at = resource.last_published_at = timezone.now()
    index.add_child(instance=resource)


def _text(html):
    return {"type": "text", "value": html}


def _store_demo_video():
    Embed.objects.update_or_create(
        hash=get_embed_hash(DEMO_VIDEO),
        defaults={
            "url": DEMO_VIDEO,
            "type": "video",
            "html": DEMO_VIDEO_HTML,
            "title": "Lindy Hop on film, 1941",
            "provider_name": "YouTube",
            "width": 560,
            "height": 315,
            "cache_until": None,
        },
    )
