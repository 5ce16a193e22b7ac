export { allCommands, findCommand } from "./commands";
