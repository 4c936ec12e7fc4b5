"""The public pages and settings of the demo school, HepCat Productions in Seattle."""

from wagtail.models import Site

from .demo_images import demo_image
from .models import HomePage, SchoolSettings, StandardPage


def rich(html):
    return {"type": "paragraph", "value": html}


def heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def quote(text, attribution):
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def picture(image, alt, caption=""):
    return {
        "type": "image",
        "value": {"image": {"image": image.pk, "decorative": False, "alt_text": alt}, "caption": caption},
    }


ABOUT_BODY = [
    heading("Dancing in Seattle since 2009"),
    rich(
        "<p>HepCat Productions teaches Lindy Hop, Charleston and Balboa, the partner dances born in the "
        "ballrooms of Harlem in the 1920s and 30s. Every week we run class series for complete beginners "
        "through seasoned social dancers, and once a month we throw a live-band dance where everyone "
        "gets to try out what they learned.</p>"
    ),
    rich(
        "<p>Our classes are built in levels. Each level has a few versions that teach the same ideas "
        "with different moves, so you can take them in any order and keep learning something new. When "
        "you have taken every version of a level, you are ready for the next one.</p>"
    ),
    heading("Our teachers"),
    rich(
        "<p>Every HepCat teacher is a working social dancer who has taught for years and keeps learning "
        "at workshops and exchanges around the country. They teach in pairs, one lead and one follow, "
        "and they rotate partners in class so that you dance with everyone.</p>"
    ),
    quote(
        "I came to one beginner class to get out of the house. Three years later I know half of Seattle "
        "by the way they dance.",
        "A HepCat student",
    ),
]

POLICIES_BODY = [
    heading("Registering and paying"),
    rich(
        "<p>Register online for any class in the current or upcoming session. Pay online before the "
        "pre-pay deadline, the day before your class starts, and you save the pre-pay discount. You are "
        "also welcome to pay at the door at the full price.</p>"
    ),
    heading("Refunds and credits"),
    rich(
        "<ul><li>Cancel before the first class and we refund you in full.</li>"
        "<li>After the first class we offer a credit toward a future class instead.</li>"
        "<li>If we cancel a class, you get a full refund or a credit, your choice.</li></ul>"
    ),
    heading("Partners and roles"),
    rich(
        "<p>You do not need a partner. Tell us whether you would like to lead, follow or learn both; we "
        "balance classes as well as we can and rotate partners throughout.</p>"
    ),
    heading("Safer spaces"),
    rich(
        "<p>Ask before you dance, accept a no gracefully, and tell a teacher or any staff member if "
        "someone makes you uncomfortable. We act on every report.</p>"
    ),
]

FAQ_BODY = [
    heading("I have never danced before. Where do I start?"),
    rich("<p>Any version of our Beginning Lindy Hop. No experience, partner or special shoes needed.</p>"),
    heading("What should I wear?"),
    rich(
        "<p>Comfortable clothes you can move in and shoes that turn easily on a wooden floor. Leather or "
        "suede soles are ideal; avoid grippy sneakers.</p>"
    ),
    heading("I missed a class. What now?"),
    rich(
        "<p>Log in to your account: the review videos and notes for every class you have taken stay there "
        "for you. Teachers are happy to catch you up before the next class too.</p>"
    ),
    heading("Can I pay for a friend?"),
    rich(
        "<p>Yes. When you register, choose <em>I am registering someone else</em>. Your friend gets their "
        "own account and confirmation; you get the receipt.</p>"
    ),
]


def build_site():
    """Fill the home page, add the about, policies and FAQ pages and the school settings.

    Pages that already exist are left as they are, so an edited site keeps its edits.
    """
    site = Site.objects.get(is_default_site=True)
    site.site_name = "HepCat Productions"
    site.save()
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise RuntimeError("The default site's root page is not the school's home page.")

    _child_page(
        home,
        slug="about",
        title="About us",
        introduction="A swing dance school in Seattle, run by dancers for dancers.",
        image=demo_image("Dancers at the Friday social", "burgundy", seed=1),
        body=ABOUT_BODY,
    )
    _child_page(
        home,
        slug="policies",
        title="Class policies",
        introduction="How registration, payment, refunds and credits work.",
        body=POLICIES_BODY,
    )
    _child_page(
        home,
        slug="faq",
        title="FAQ",
        introduction="Questions new dancers ask us most.",
        body=FAQ_BODY,
    )

    if not home.body:
        home.hero_heading = "Swing dance classes in Seattle"
        home.hero_text = (
            "Lindy Hop, Charleston and Balboa for every level. New series start every five weeks, no partner needed."
        )
        home.hero_image = demo_image("Couples swing out under the lights", "midnight", seed=2)
        home.hero_cta_text = "Find your class"
        home.hero_cta_link = home.get_children().get(slug="classes")  # made with the site (home migration 0003)
        home.body = [
            heading("Come dance with us"),
            rich(
                "<p>Our weekly class series run in five-week sessions at studios around Seattle. Start at "
                "the beginning, or join the level that fits you. Every class comes with review videos "
                "and notes you keep for good.</p>"
            ),
            picture(demo_image("Beginners learning the swing out", "teal", seed=3), "A beginner class practising"),
            quote("The friendliest dance floor in the Pacific Northwest.", "Jo, a student since 2019"),
        ]
        home.save_revision().publish()

    school = SchoolSettings.load()
    if not school.phone:
        school.business_name = "HepCat Productions"
        school.street_address = "1234 Jitterbug Way, Suite 5"
        school.phone = "(206) 555-0135"
        school.contact_email = "hello@hepcat.example"
        school.facebook_url = "https://www.facebook.com/hepcat.example"
        school.instagram_url = "https://www.instagram.com/hepcat.example"
        school.save()
    return home


def _child_page(parent, *, slug, title, introduction, body, image=None):
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    page = StandardPage(title=title, slug=slug, introduction=introduction, image=image, body=body, show_in_menus=True)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
