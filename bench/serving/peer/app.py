"""The MLflow-style peer: what `mlflow models serve` does for a scikit-learn model, without MLflow (not in Debian).
POST /invocations with MLflow's bodies ({"dataframe_records": [...]} or {"dataframe_split": {...}}) -> pandas
DataFrame -> predict_proba -> {"predictions": [...]}; GET /ping for health. Served by uvicorn, like MLflow's server.
The model is the joblib file train.py wrote, named by PEER_MODEL.
"""
import os

import joblib
import pandas as pd
from fastapi import FastAPI, HTTPException, Request

loaded = joblib.load(os.environ["PEER_MODEL"])
model, columns = loaded["model"], loaded["columns"]
app = FastAPI()


@app.get("/ping")
def ping():
    return {}


@app.post("/invocations")
async def invocations(request: Request):
    body = await request.json()
    if "dataframe_records" in body:
        frame = pd.DataFrame.from_records(body["dataframe_records"])
    elif "dataframe_split" in body:
        split = body["dataframe_split"]
        frame = pd.DataFrame(split["data"], columns=split["columns"])
    else:
        raise HTTPException(status_code=400, detail="expected dataframe_records or dataframe_split")
    # MLflow enforces the model signature: every column, in the training order.
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise HTTPException(status_code=400, detail=f"missing columns: {missing}")
    return {"predictions": model.predict_proba(frame[columns])[:, 1].tolist()}
