/** The collection contract: the standard address tree (小区, building, unit, floor, room) and the administrative divisions. */
import { z } from 'zod';
import { optionalText, text, uuid } from '../fields.js';
import { defineMethod } from '../method.js';
import { NODE_KINDS, type NodeKind } from './model.js';
import { choice, count, optionalUuid, version } from './contract.common.js';

// ───────────────────────────── the address tree (一标) ─────────────────────────────

export interface AddressNode {
  id: string;
  version: number;
  parentId: string | null;
  kind: NodeKind;
  name: string;
  /** the node's own code: the GB/T 2260 code of a division, a street or door code, a room number */
  code: string | null;
  /** set on this node; children without their own inherit it */
  grid: string | null;
  policeArea: string | null;
  /** what applies here: its own, or the nearest ancestor's */
  effectiveGrid: string | null;
  effectivePoliceArea: string | null;
  /** the address as one line, e.g. 宁江区繁荣路18号繁荣小区3栋1单元1801室 */
  fullText: string;
  floorNo: number | null;
  childCount: number;
  /** people living here or below */
  residentCount: number;
}

export const collectionTree = defineMethod<AddressNode[]>()({
  name: 'collection.tree',
  input: z.strictObject({ parentId: optionalUuid }),
  access: 'collection.view',
  kind: 'read',
});

export interface AddressDetail extends AddressNode {
  /** from the top: division first */
  ancestors: { id: string; kind: NodeKind; name: string }[];
  /** the building this node is in (or is), for the chart */
  buildingId: string | null;
}

export const collectionNode = defineMethod<AddressDetail>()({
  name: 'collection.node',
  input: z.strictObject({ id: uuid }),
  access: 'collection.view',
  kind: 'read',
});

const nodeFields = {
  name: text(60),
  code: optionalText(20),
  grid: optionalText(40),
  policeArea: optionalText(40),
};

export const collectionAddNode = defineMethod<AddressNode>()({
  name: 'collection.addNode',
  input: z.strictObject({ parentId: optionalUuid, kind: choice(NODE_KINDS), ...nodeFields, floorNo: z.number().int().min(-5).max(200).nullish() }),
  access: 'collection.buildAddresses',
  kind: 'write',
});

/** Renames or recodes a node, or sets its grid and police area: its id, and every id below it, stay. */
export const collectionUpdateNode = defineMethod<AddressNode>()({
  name: 'collection.updateNode',
  input: z.strictObject({ id: uuid, version, ...nodeFields }),
  access: 'collection.buildAddresses',
  kind: 'write',
});

/** Moves a node under another parent; a node cannot move under itself or its own descendants. */
export const collectionMoveNode = defineMethod<AddressNode>()({
  name: 'collection.moveNode',
  input: z.strictObject({ id: uuid, version, parentId: uuid }),
  access: 'collection.buildAddresses',
  kind: 'write',
});

/** Cancels a node and everything below it; refused while anyone lives there (move them out first). */
export const collectionCancelNode = defineMethod<{ cancelled: number }>()({
  name: 'collection.cancelNode',
  input: z.strictObject({ id: uuid, version, reason: text(100) }),
  access: 'collection.cancelAddresses',
  kind: 'write',
});

export interface BatchResult {
  buildingId: string;
  units: number;
  floors: number;
  rooms: number;
  /** rooms that were there already and were kept as they were */
  existing: number;
}

/**
 * Creates a building's units, floors and rooms at once: "18 floors × 4 rooms per floor × 2 units"
 * gives 1单元/2单元, floors 1–18 and rooms 101…1804 in each. Rooms already there are kept.
 */
export const collectionBatchRooms = defineMethod<BatchResult>()({
  name: 'collection.batchRooms',
  input: z.strictObject({
    buildingId: uuid,
    units: z.number().int().min(0, { message: 'collection.range' }).max(20, { message: 'collection.range' }),
    floors: count(120),
    roomsPerFloor: count(40),
    firstFloor: z.number().int().min(-5).max(10).default(1),
  }),
  access: 'collection.buildAddresses',
  kind: 'write',
});

export interface Division {
  code: string;
  name: string;
  /** e.g. 吉林省 松原市 宁江区 */
  fullName: string;
}

/** GB/T 2260 division codes shipped with the app, by code prefix or name. */
export const collectionDivisions = defineMethod<Division[]>()({
  name: 'collection.divisions',
  input: z.strictObject({ q: optionalText(20) }),
  access: 'collection.view',
  kind: 'read',
});
