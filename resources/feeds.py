from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed

from .access import visible_resources

FEED_LENGTH = 20


class PublicResourcesFeed(Feed):
    """/resources/feed/: the resources for everyone, newest first. A feed reader never signs in, so the feed is
    what an anonymous visitor may see, whoever asks for it."""

    def __init__(self, index):
        super().__init__()
        self.index = index

    def title(self):
        return self.index.title

    def link(self):
        return self.index.url

    def description(self):
        return f"New on {self.index.get_site().site_name or self.index.title}"

    def items(self):
        resources = visible_resources(AnonymousUser()).child_of(self.index)
        return resources.order_by("-first_published_at")[:FEED_LENGTH]

    def item_title(self, resource):
        return resource.title

    def item_description(self, resource):
        return resource.summary

    def item_link(self, resource):
        return resource.url

    def item_pubdate(self, resource):
        return resource.first_published_at
