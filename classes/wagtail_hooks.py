from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from accounts.roles import is_teacher
from classes import audit
from classes.admin.check_in import check_in_menu_item, check_in_urls
from classes.admin.class_reviews import ReviewViewSet, TeacherReviewsView
from classes.admin.dashboard import add_dashboard_panels
from classes.admin.my_classes import MyClassesViewSet, class_page_buttons
from classes.admin.orders import RegistrationsGroup
from classes.admin.personal_data import PersonalDataViewSet, personal_data_buttons
from classes.admin.progress import level_override_buttons
from classes.admin.reports import report_menu_items, report_urls
from classes.admin.schedule import ApproveAndPublishBulkAction, ClassScheduleGroup
from classes.models import ClassOffer
from classes.services.schedule import publish_if_approval_assumed
from classes.views.account import NowSection, PastSection, PaymentsSection, TeachingSection, UpcomingSection
from classes.views.personal_data import YourDataSection
from classes.views.reviews import ReviewsSection
from hepcat.audit import register_actions

register_snippet(ClassScheduleGroup)
hooks.register("register_bulk_action", ApproveAndPublishBulkAction)

hooks.register("construct_homepage_panels", add_dashboard_panels)


@hooks.register("register_admin_viewset")
def register_registrations():
    return RegistrationsGroup()


@hooks.register("after_create_snippet")
def publish_new_class_offer_when_approval_is_assumed(request, instance):
    if isinstance(instance, ClassOffer):
        publish_if_approval_assumed(instance, request.user)


@hooks.register("register_log_actions")
def register_seat_and_money_actions(actions):
    register_actions(actions, audit.ACTIONS)


@hooks.register("register_account_section")
def register_classes_now():
    return NowSection


@hooks.register("register_account_section")
def register_upcoming_classes():
    return UpcomingSection


@hooks.register("register_account_section")
def register_past_classes():
    return PastSection


@hooks.register("register_account_section")
def register_payments_section():
    return PaymentsSection


# Reviews, and a person's data (DESIGN §5)


@hooks.register("register_admin_viewset")
def register_reviews():
    return ReviewViewSet()


@hooks.register("register_admin_urls")
def register_teacher_reviews():
    return [path("my-reviews/", TeacherReviewsView.as_view(), name="teacher_reviews")]


class TeachersMenuItem(MenuItem):
    def is_shown(self, request):
        return is_teacher(request.user)


@hooks.register("register_admin_menu_item")
def register_teacher_reviews_menu_item():
    return TeachersMenuItem("My reviews", reverse("teacher_reviews"), icon_name="openquote", order=310)


@hooks.register("register_admin_viewset")
def register_personal_data_actions():
    return PersonalDataViewSet()


hooks.register("register_user_listing_buttons", personal_data_buttons)
hooks.register("register_user_listing_buttons", level_override_buttons)


@hooks.register("register_account_section")
def register_reviews_section():
    return ReviewsSection


@hooks.register("register_account_section")
def register_your_data_section():
    return YourDataSection


# The teachers' workspace (DESIGN §6)


@hooks.register("register_admin_viewset")
def register_my_classes():
    return MyClassesViewSet()


hooks.register("register_snippet_listing_buttons", class_page_buttons)


@hooks.register("register_account_section")
def register_teaching_section():
    return TeachingSection


# Check-in at the door (issue #11 item 3)


@hooks.register("register_admin_urls")
def register_check_in_urls():
    return check_in_urls()


@hooks.register("register_admin_menu_item")
def register_check_in_menu_item():
    return check_in_menu_item()


# Reports (DESIGN §6)


@hooks.register("register_admin_urls")
def register_report_urls():
    return report_urls()


for menu_item in report_menu_items():
    hooks.register("register_reports_menu_item", menu_item)
