export { type ApiRoutes, type AppOptions, createApp } from "./app";
export { type RunningServer, startServer } from "./server";
