// Starter programs: each reads a line of numbers from stdin and prints their sum. One file for the editor and the
// server (which counts them as code every solution was given when it compares submissions for similarity).
import starters from '../../resources/org/codearena/web/starter-programs.json';

export const templates = starters;
