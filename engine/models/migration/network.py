"""The migration network: an LSTM over weekly category vectors, read out per category beside that
category's own recency/frequency features.

Per category c the logit is the sum of three paths:
* ``out(h)[c]``: what the sequence as a whole says about c (cross-category movements);
* ``head([h, embedding(c), features(u, c)])``: a shared MLP that lets the sequence
  state interact with the customer's own history of c and the category's identity;
* ``skip(features(u, c))``: a linear path, so the network starts where a logistic
  regression on the same features would.
"""

from __future__ import annotations

import torch
from torch import nn


class MigrationNet(nn.Module):
    def __init__(self, n_inputs: int, n_categories: int, n_features: int, hidden: int = 48,
                 embedding: int = 8, head: int = 32, dropout: float = 0.1) -> None:
        super().__init__()
        self.inp = nn.Linear(n_inputs, hidden)
        self.lstm = nn.LSTM(hidden, hidden, batch_first=True)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(hidden, n_categories)
        self.cat = nn.Embedding(n_categories, embedding)
        self.head = nn.Sequential(nn.Linear(hidden + embedding + n_features, head), nn.ReLU(), nn.Linear(head, 1))
        self.skip = nn.Linear(n_features, 1)

    def forward(self, seq: torch.Tensor, feats: torch.Tensor) -> torch.Tensor:
        """seq [B, T, I], feats [B, K, F] -> logits [B, K]."""
        _, (h, _) = self.lstm(torch.relu(self.inp(seq)))
        h = self.drop(h[-1])                                        # [B, H]
        b, k, _ = feats.shape
        emb = self.cat.weight.unsqueeze(0).expand(b, k, -1)         # [B, K, E]
        joint = torch.cat([h.unsqueeze(1).expand(b, k, -1), emb, feats], dim=2)
        return self.out(h) + self.head(joint).squeeze(2) + self.skip(feats).squeeze(2)
