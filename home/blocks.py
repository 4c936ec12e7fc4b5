from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "Heading 2"), ("h3", "Heading 3")], default="h2")

    class Meta:
        icon = "title"
        template = "home/blocks/heading_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "home/blocks/captioned_image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "home/blocks/quote_block.html"


class BodyStreamBlock(blocks.StreamBlock):
    """The blocks an editor can use in the body of the school's pages."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul", "document-link"])
    image = CaptionedImageBlock()
    embed = EmbedBlock(help_text="A YouTube or Vimeo link, for example", icon="media")
    quote = QuoteBlock()
