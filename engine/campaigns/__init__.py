"""Campaign lists: build from shift scores, hold out a control group, save, export, measure uplift."""

from engine.campaigns.service import (CampaignResult, PreviewSummary, build_save_export, export_campaign,
                                      export_sql, preview_sql, preview_summary)
from engine.campaigns.preview import MaterialisedPreview, Preview, build_preview, drop_preview, materialise_preview
from engine.campaigns.sources import ModelSources, model_sources
from engine.campaigns.spec import CampaignError, CampaignSpec
from engine.campaigns.store import (SavedCampaign, delete_campaign, get_campaign, list_campaigns, save_campaign,
                                    set_status)
from engine.campaigns.uplift import Uplift, measure_all, measure_uplift

__all__ = [
    "CampaignError", "CampaignResult", "CampaignSpec", "MaterialisedPreview", "ModelSources", "Preview", "PreviewSummary", "SavedCampaign", "Uplift",
    "build_preview", "build_save_export", "delete_campaign", "drop_preview", "export_campaign", "export_sql", "get_campaign", "list_campaigns",
    "materialise_preview", "measure_all", "measure_uplift", "model_sources", "preview_sql", "preview_summary", "save_campaign",
    "set_status",
]
