from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock

from home.blocks import CaptionedImageBlock


class LinkBlock(blocks.StructBlock):
    url = blocks.URLBlock()
    title = blocks.CharBlock(max_length=120, help_text="What the link opens, e.g. “The song list on Spotify”.")

    class Meta:
        icon = "link"
        template = "resources/blocks/link_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(required=False, max_length=120, help_text="Leave blank to use the document's title.")

    class Meta:
        icon = "doc-full"
        template = "resources/blocks/document_block.html"


class VideoBlock(EmbedBlock):
    """A YouTube or Vimeo video, or a plain link to it when its player can't be fetched."""

    class Meta:
        icon = "media"
        help_text = "A YouTube or Vimeo link"
        template = "resources/blocks/video_block.html"


class ResourceBodyBlock(blocks.StreamBlock):
    """What a resource holds: a review video, notes, a handout, links."""

    video = VideoBlock()
    text = blocks.RichTextBlock(features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"])
    document = DocumentBlock()
    link = LinkBlock()
    image = CaptionedImageBlock()
