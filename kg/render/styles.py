"""Say how the explorer draws things: node styles by class, edge families, and their labels.

The palette is Tableau 10, muted; shapes separate the families of things. Every
label is bilingual (zh, en), as the page switches between them.
"""

from __future__ import annotations

from kg.ontology import YRD

# Node style by class, most specific first: (class, key, colour, shape).
# The palette is Tableau 10, muted; shapes separate the families of things.
NODE_STYLES = (
    (YRD.InnovationConsortium, "consortium", "#8c6bb1", "hexagon"),
    (YRD.MediaAlliance, "alliance", "#a889c9", "hexagon"),
    (YRD.Collaboration, "collaboration", "#8c6bb1", "hexagon"),
    (YRD.CollectiveActor, "collective", "#9c755f", "dot"),
    (YRD.GovernmentBody, "government", "#d4645f", "dot"),
    (YRD.Enterprise, "enterprise", "#4e79a7", "dot"),
    (YRD.University, "university", "#59a14f", "dot"),
    (YRD.ResearchInstitute, "research", "#8cc276", "dot"),
    (YRD.Hospital, "hospital", "#f1a3aa", "dot"),
    (YRD.MediaOrganisation, "media", "#e0b73f", "dot"),
    (YRD.Association, "association", "#b07aa1", "dot"),
    (YRD.ThinkTank, "thinktank", "#76b7b2", "dot"),
    (YRD.Organisation, "organisation", "#9aa5b1", "dot"),
    (YRD.Person, "person", "#e8894a", "star"),
    (YRD.Event, "event", "#f28e2b", "diamond"),
    (YRD.Agreement, "agreement", "#d37295", "square"),
    (YRD.Initiative, "initiative", "#d37295", "square"),
    (YRD.CooperationProject, "project", "#499894", "triangle"),
    (YRD.EcologicalProject, "ecological", "#6b9f5a", "triangle"),
    (YRD.Platform, "platform", "#6fb3ad", "triangle"),
    (YRD.Cooperation, "cooperation", "#499894", "triangle"),
    (YRD.Document, "document", "#c9a0c0", "square"),
    (YRD.Batch, "batch", "#a0a0a0", "square"),
    (YRD.ProvincialDivision, "province", "#5f86b0", "triangleDown"),
    (YRD.Region, "region", "#3f6a96", "triangleDown"),
    (YRD.City, "city", "#a9bfd6", "triangleDown"),
    (YRD.Infrastructure, "infrastructure", "#7b8da3", "triangleDown"),
    (YRD.Place, "place", "#a9bfd6", "triangleDown"),
    (YRD.Sector, "sector", "#c7a76c", "dot"),
    (YRD.Domain, "domain", "#c7a76c", "dot"),
)

# Edge families by relation: colour, dashes, width. Roles of an involvement are
# "role" unless listed; simple facts fall back to their object property.
EDGE_FAMILIES = {
    "lead": ("#5b4a8a", False, 2.6),
    "role": ("#7d7f99", False, 1.4),
    "organiser": ("#c07a3d", False, 1.4),
    "speech": ("#c07a3d", [2, 4], 1.2),
    "post": ("#e8894a", [6, 4], 1.2),
    "place": ("#a9bfd6", [4, 4], 1.0),
    "topic": ("#c7a76c", [2, 4], 1.0),
    "structure": ("#9aa5b1", False, 1.0),
    "co-membership": ("#8c6bb1", False, 1.5),
    "co-signing": ("#d37295", False, 1.5),
    "co-organising": ("#f28e2b", False, 1.5),
    "co-project": ("#499894", False, 1.5),
    "co-arranging": ("#59a14f", False, 1.5),
    "co-issuing": ("#9aa5b1", False, 1.5),
    "cooperation": ("#7d7f99", False, 1.5),
}
ROLE_FAMILY = {
    YRD.LeadRole: "lead", YRD.GuideRole: "organiser", YRD.HostRole: "organiser",
    YRD.OrganiserRole: "organiser", YRD.SpeakerRole: "speech", YRD.ChairRole: "speech",
}
PROPERTY_FAMILY = {
    YRD.basedIn: "place", YRD.locatedIn: "place", YRD.place: "place", YRD.coversDivision: "place",
    YRD.includesPlace: "place", YRD.connects: "place", YRD.sector: "topic", YRD.domain: "topic",
}
KIND_LABELS = {
    "co-membership": ("同属合作组织", "co-membership"),
    "co-signing": ("共同签署", "co-signing"),
    "co-organising": ("共同参与活动", "co-organising"),
    "co-project": ("共同参与项目", "co-project"),
    "co-arranging": ("共同开展合作安排", "co-arranging"),
    "co-issuing": ("共同发文", "co-issuing"),
}

EDGE_FAMILY_LABELS = {
    "lead": ("牵头", "leads"),
    "role": ("参与（成员、签署等）", "takes part (member, signatory, ...)"),
    "organiser": ("指导、主办、承办", "guides, hosts, organises"),
    "speech": ("主持、演讲", "chairs, speaks"),
    "post": ("任职", "holds a post"),
    "place": ("地点", "place"),
    "topic": ("领域", "field"),
    "structure": ("其他关系", "other relations"),
    "cooperation": ("共同参与的合作", "shared cooperations"),
    **{k: v for k, v in KIND_LABELS.items()},
}

# Colours of sources (nodes coloured by where their facts come from) and of area outlines.
SOURCE_COLOURS = ("#e15759", "#4e79a7", "#59a14f", "#f28e2b", "#b07aa1")
SEVERAL_SOURCES = "#8c6bb1"
AREA_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
                "#9c755f", "#bab0ac")


def style_of(classes: set) -> tuple[str, str, str]:
    """Return (key, colour, shape) for a node with these classes (superclasses included)."""
    for cls, key, colour, shape in NODE_STYLES:
        if cls in classes:
            return key, colour, shape
    return "other", "#bab0ac", "dot"


def group_label(key: str, names: dict) -> tuple[str, str]:
    """Name a legend entry by its style's class (``names``: key -> [zh, en]); catch-all entries say so."""
    family = {"organisation": ("其他组织", "Other organisation"), "place": ("其他地点", "Other place"),
              "cooperation": ("其他合作事项", "Other cooperation"), "other": ("其他", "Other")}
    if key in family:
        return family[key]
    zh, en = names.get(key, (key, key))
    return zh, en[:1].upper() + en[1:]
