/**
 * The collection zone's contract (一标三实): the standard address tree, real population, housing
 * and units, the building chart, door-to-door appointments, grid workers' spreadsheets, search and
 * the completeness worklist.
 *
 * Access. Officers, auxiliaries and grid workers collect ("政务+警务 共采共享"): they add and edit
 * people, houses, units and appointments and import spreadsheets. The address tree is the
 * station's: head, officer and auxiliary build it. Only head and officer unmask ID and phone
 * numbers, cancel an address, and mark a person verified (a grid worker's record stays unverified
 * until the police check it — enforced in the core). Mediators have no access: the register of
 * who lives where is not theirs.
 */
export type { StaffRef } from './contract.common.js';
export { collectionTree, collectionNode, collectionAddNode, collectionUpdateNode, collectionMoveNode, collectionCancelNode, collectionBatchRooms, collectionDivisions } from './contract.addresses.js';
export type { AddressNode, AddressDetail, BatchResult, Division } from './contract.addresses.js';
export { residentInput, collectionResidentCreate, collectionResidentUpdate, collectionResidentGet, collectionMoveOut, collectionResidents, collectionReveal } from './contract.people.js';
export type { ResidentInput, ResidentListItem, ResidentChange, Resident } from './contract.people.js';
export { houseInput, collectionHouseSave, collectionHouse, unitInput, collectionUnitSave, collectionUnits, collectionChart } from './contract.housing.js';
export type { House, Unit, ChartRoom, ChartFloor, Chart } from './contract.housing.js';
export { collectionAppointmentCreate, collectionAppointments, collectionAppointmentGet, collectionAppointmentSetStatus, collectionSearch, collectionCompleteness } from './contract.worklist.js';
export type { Appointment, SearchHit, CompletenessRow, FaultItem, Completeness } from './contract.worklist.js';
export { IMPORT_FIELDS, REQUIRED_IMPORT_FIELDS, collectionImportPreview, collectionImportProgress, collectionImportCancel, collectionImportCommit, collectionImportRejects, collectionExport } from './contract.import.js';
export type { ImportField, ImportOutcome, ImportRowProblem, ImportConflict, ImportPreview, ImportResult, ImportProgress } from './contract.import.js';
import { collectionAddNode, collectionBatchRooms, collectionCancelNode, collectionDivisions, collectionMoveNode, collectionNode, collectionTree, collectionUpdateNode } from './contract.addresses.js';
import { collectionMoveOut, collectionResidentCreate, collectionResidentGet, collectionResidentUpdate, collectionResidents, collectionReveal } from './contract.people.js';
import { collectionChart, collectionHouse, collectionHouseSave, collectionUnitSave, collectionUnits } from './contract.housing.js';
import { collectionAppointmentCreate, collectionAppointmentGet, collectionAppointmentSetStatus, collectionAppointments, collectionCompleteness, collectionSearch } from './contract.worklist.js';
import { collectionExport, collectionImportCancel, collectionImportCommit, collectionImportPreview, collectionImportProgress, collectionImportRejects } from './contract.import.js';

export const collectionMethods = [
  collectionTree,
  collectionNode,
  collectionAddNode,
  collectionUpdateNode,
  collectionMoveNode,
  collectionCancelNode,
  collectionBatchRooms,
  collectionDivisions,
  collectionResidentCreate,
  collectionResidentUpdate,
  collectionResidentGet,
  collectionMoveOut,
  collectionResidents,
  collectionReveal,
  collectionHouseSave,
  collectionHouse,
  collectionUnitSave,
  collectionUnits,
  collectionChart,
  collectionAppointmentCreate,
  collectionAppointments,
  collectionAppointmentGet,
  collectionAppointmentSetStatus,
  collectionSearch,
  collectionCompleteness,
  collectionImportPreview,
  collectionImportCommit,
  collectionImportRejects,
  collectionImportProgress,
  collectionImportCancel,
  collectionExport,
] as const;
