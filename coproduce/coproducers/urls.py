from django.urls import path

from . import views

urlpatterns = [
    path("me/", views.MyCoproductionView.as_view(), name="my-coproduction"),
    path("me/profile/", views.MyProfileView.as_view(), name="my-profile"),
    path("me/data.json", views.MyDataView.as_view(), name="my-data"),
    path("me/shifts.ics", views.MyCalendarView.as_view(), name="my-calendar"),
    path(
        "me/notifications/",
        views.NotificationListView.as_view(),
        name="notification-list",
    ),
    path("me/check-in/", views.CheckInView.as_view(), name="check-in"),
    path("me/report/", views.ClaimCreateView.as_view(), name="claim-create"),
    path(
        "me/report/<int:pk>/correct/",
        views.ClaimResubmitView.as_view(),
        name="claim-resubmit",
    ),
    path(
        "me/report/<int:pk>/withdraw/",
        views.ClaimWithdrawView.as_view(),
        name="claim-withdraw",
    ),
    path(
        "opportunities/", views.OpportunityListView.as_view(), name="opportunity-list"
    ),
    path(
        "opportunities/new/",
        views.OpportunityCreateView.as_view(),
        name="opportunity-create",
    ),
    path("opportunities/skills/", views.SkillListView.as_view(), name="skill-list"),
    path(
        "opportunities/settings/",
        views.SettingsView.as_view(),
        name="coproducers-settings",
    ),
    path(
        "opportunities/<int:pk>/",
        views.OpportunityDetailView.as_view(),
        name="opportunity-detail",
    ),
    path(
        "opportunities/<int:pk>/status/",
        views.OpportunityStatusView.as_view(),
        name="opportunity-status",
    ),
    path(
        "opportunities/<int:pk>/edit/",
        views.OpportunityEditView.as_view(),
        name="opportunity-edit",
    ),
    path(
        "opportunities/<int:pk>/shifts/new/",
        views.ShiftCreateView.as_view(),
        name="shift-create",
    ),
    path("shifts/<int:pk>/edit/", views.ShiftEditView.as_view(), name="shift-edit"),
    path(
        "shifts/<int:pk>/cancel/", views.ShiftCancelView.as_view(), name="shift-cancel"
    ),
    path(
        "shifts/<int:pk>/sign-up/", views.ShiftSignUpView.as_view(), name="shift-signup"
    ),
    path(
        "shifts/<int:pk>/withdraw/",
        views.ShiftWithdrawView.as_view(),
        name="shift-withdraw",
    ),
    path(
        "shifts/<int:pk>/roster/", views.ShiftRosterView.as_view(), name="shift-roster"
    ),
    path(
        "shifts/<int:pk>/roster/close/",
        views.ShiftAttendanceCloseView.as_view(),
        name="shift-attendance-close",
    ),
    path(
        "shifts/<int:pk>/roster/add/",
        views.ShiftAttendanceAddView.as_view(),
        name="shift-attendance-add",
    ),
    path(
        "shifts/<int:pk>/sign-up-for/",
        views.ShiftSignUpForView.as_view(),
        name="shift-signup-for",
    ),
    path("shifts/<int:pk>/sheet/", views.ShiftSheetView.as_view(), name="shift-sheet"),
    path(
        "initiatives/<slug:slug>/activities/<int:pk>/participations/add/",
        views.ActivityAttendanceAddView.as_view(),
        name="activity-attendance-add",
    ),
    path("hours-to-verify/", views.ClaimListView.as_view(), name="claim-list"),
    path(
        "hours-to-verify/<int:pk>/",
        views.ClaimDecideView.as_view(),
        name="claim-decide",
    ),
]
