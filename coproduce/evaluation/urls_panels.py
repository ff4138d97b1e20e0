"""Instruments, panels and waves (the coordinator's pages)."""

from django.urls import path

from . import respond_views, views

urlpatterns = [
    path("", views.EvaluationIndexView.as_view(), name="evaluation-index"),
    path("instruments/", views.InstrumentListView.as_view(), name="instrument-list"),
    path(
        "instruments/new/",
        views.InstrumentCreateView.as_view(),
        name="instrument-create",
    ),
    path(
        "instruments/<int:pk>/",
        views.InstrumentDetailView.as_view(),
        name="instrument-detail",
    ),
    path(
        "instruments/<int:pk>/scales/new/",
        views.ScaleCreateView.as_view(),
        name="scale-create",
    ),
    path(
        "instruments/<int:pk>/scales/library/",
        views.LibraryScaleAddView.as_view(),
        name="library-scale-add",
    ),
    path(
        "instruments/<int:pk>/items/new/",
        views.ItemCreateView.as_view(),
        name="item-create",
    ),
    path(
        "instruments/<int:pk>/languages/",
        views.InstrumentTranslationsView.as_view(),
        name="instrument-translations",
    ),
    path(
        "instruments/<int:pk>/copy/",
        views.InstrumentCopyView.as_view(),
        name="instrument-copy",
    ),
    path("panels/new/", views.PanelCreateView.as_view(), name="panel-create"),
    path("panels/<int:pk>/", views.PanelDetailView.as_view(), name="panel-detail"),
    path(
        "panels/<int:pk>/members/participants/",
        views.MembersFromParticipantsView.as_view(),
        name="panel-members-participants",
    ),
    path(
        "panels/<int:pk>/members/emails/",
        views.MembersFromEmailsView.as_view(),
        name="panel-members-emails",
    ),
    path(
        "panels/<int:pk>/members/<int:member_pk>/",
        views.PanelMemberView.as_view(),
        name="panel-member",
    ),
    path(
        "panels/<int:pk>/members/<int:member_pk>/leave/",
        views.PanelMemberLeaveView.as_view(),
        name="panel-member-leave",
    ),
    path(
        "panels/<int:pk>/members/<int:member_pk>/erase/",
        views.PanelMemberLeaveView.as_view(erase=True),
        name="panel-member-erase",
    ),
    path(
        "panels/<int:pk>/members/<int:member_pk>/waves/<int:number>/answer/",
        respond_views.AssistedResponseView.as_view(),
        name="panel-member-answer",
    ),
    path(
        "panels/<int:pk>/waves/new/",
        views.WaveCreateView.as_view(),
        name="wave-create",
    ),
    path(
        "panels/<int:pk>/waves/<int:number>/open/",
        views.WaveActionView.as_view(action="open"),
        name="wave-open",
    ),
    path(
        "panels/<int:pk>/waves/<int:number>/remind/",
        views.WaveActionView.as_view(action="remind"),
        name="wave-remind",
    ),
    path(
        "panels/<int:pk>/waves/<int:number>/close/",
        views.WaveActionView.as_view(action="close"),
        name="wave-close",
    ),
    path(
        "panels/<int:pk>/waves/<int:number>/letters/",
        views.WaveLettersView.as_view(),
        name="wave-letters",
    ),
]
