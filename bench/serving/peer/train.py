"""Fits the peer's model: scikit-learn's GradientBoostingClassifier on the Adult train CSV, behind the preprocessing of
examples/python-sklearn (numeric columns: median imputation; categorical: "(missing)" imputation + one-hot, unknown
categories ignored), as a pandas-in Pipeline, and pickles it with joblib for app.py.
Usage: train.py TRAIN.csv OUT.joblib
"""
import sys
import time

import joblib
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

LABEL, POSITIVE, EXCLUDED = "income", ">50K", ["fnlwgt"]  # as examples/adult-income/mlops.yml
MISSING = "(missing)"


def main(train_path, out_path):
    started = time.time()
    data = pd.read_csv(train_path, skipinitialspace=True, keep_default_na=False, na_values=[""])
    y = (data[LABEL].astype(str).str.strip() == POSITIVE).astype(int)
    x = data.drop(columns=[LABEL] + EXCLUDED)
    numeric = [c for c in x.columns if pd.api.types.is_numeric_dtype(x[c])]
    categorical = [c for c in x.columns if c not in numeric]
    model = Pipeline([
        ("preprocess", ColumnTransformer([
            ("numeric", SimpleImputer(strategy="median"), numeric),
            ("categorical", Pipeline([
                ("impute", SimpleImputer(strategy="constant", fill_value=MISSING)),
                ("onehot", OneHotEncoder(handle_unknown="ignore", sparse_output=False)),
            ]), categorical),
        ], sparse_threshold=0)),
        # The hyperparameters of examples/python-sklearn.
        ("model", GradientBoostingClassifier(n_estimators=150, max_depth=4, learning_rate=0.1, subsample=0.8, random_state=42)),
    ])
    model.fit(x, y)
    joblib.dump({"model": model, "columns": list(x.columns)}, out_path)
    print(f"peer model: {len(x)} rows, {len(numeric)} numeric + {len(categorical)} categorical columns, "
          f"fitted in {time.time() - started:.1f} s -> {out_path}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
