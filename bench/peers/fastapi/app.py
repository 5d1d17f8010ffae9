# app.py: the FastAPI + SQLAlchemy + uvicorn peer of the generated app
# (make bench-peers): GET /users/{id}, GET /users?limit=&offset=, POST /users
# on the same users table, written as the FastAPI tutorial does (an ORM
# model, pydantic schemas, a session per request), on SQLAlchemy's asyncio
# engine with asyncpg, the fastest driver Debian packages.
#
# Run: uvicorn app:app (bench-peers.sh sets --workers, uvloop, httptools).
# Environment: PGHOST (socket directory), PGPORT, PGDATABASE, PGUSER,
# PEER_POOL (connections per process, default 10).
import os
from typing import List, Optional

from fastapi import Depends, FastAPI, HTTPException, Query, Response
from pydantic import BaseModel, Field
from sqlalchemy import Boolean, Column, Integer, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import declarative_base, sessionmaker

engine = create_async_engine(
    "postgresql+asyncpg://",
    connect_args={
        "host": os.environ.get("PGHOST", "/var/run/postgresql"),
        "port": int(os.environ.get("PGPORT", "5432")),
        "database": os.environ.get("PGDATABASE", "app"),
        "user": os.environ.get("PGUSER", "postgres"),
    },
    pool_size=int(os.environ.get("PEER_POOL", "10")),
    max_overflow=0,
)
SessionLocal = sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    email = Column(String(255), unique=True, nullable=False)
    username = Column(String(50), unique=True, nullable=False)
    full_name = Column(String(100), nullable=True)
    is_active = Column(Boolean, nullable=False, default=True)


class UserCreate(BaseModel):
    email: str = Field(max_length=255)
    username: str = Field(max_length=50)
    full_name: Optional[str] = Field(default=None, max_length=100)
    is_active: bool = True

    class Config:
        extra = "forbid"


class UserOut(BaseModel):
    id: int
    email: str
    username: str
    full_name: Optional[str]
    is_active: bool

    class Config:
        orm_mode = True


app = FastAPI()


async def get_db():
    async with SessionLocal() as session:
        yield session


@app.get("/healthz")
async def healthz():
    return {"status": "ok"}


@app.get("/users/{user_id}", response_model=UserOut)
async def read_user(user_id: int, db: AsyncSession = Depends(get_db)):
    user = await db.get(User, user_id)
    if user is None:
        raise HTTPException(status_code=404, detail="User not found")
    return user


@app.get("/users", response_model=List[UserOut])
async def list_users(
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
    db: AsyncSession = Depends(get_db),
):
    rows = await db.execute(
        select(User).order_by(User.id).limit(limit).offset(offset))
    return rows.scalars().all()


@app.post("/users", response_model=UserOut, status_code=201)
async def create_user(body: UserCreate, response: Response,
                      db: AsyncSession = Depends(get_db)):
    user = User(**body.dict())
    db.add(user)
    try:
        await db.commit()
    except IntegrityError:
        await db.rollback()
        raise HTTPException(status_code=409, detail="User already exists")
    response.headers["Location"] = f"/users/{user.id}"
    return user
