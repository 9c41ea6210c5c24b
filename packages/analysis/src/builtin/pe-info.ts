/**
 * Headers and sections of a Windows PE file, read with `pe-library`: machine, compile time, DLL or
 * program, subsystem, entry point, whether it carries an Authenticode signature, and each section
 * with its size and entropy. Sections that are writable and executable, or nearly random (packed),
 * are named as suspicious.
 */
import { entropy } from './entropy.js';

/** What is used of pe-library's NtExecutable. */
interface PeExecutable {
  newHeader: {
    fileHeader: { machine: number; timeDateStamp: number; characteristics: number };
    optionalHeader: { subsystem: number; addressOfEntryPoint: number };
    optionalHeaderDataDirectory: { get(index: number): { size: number } };
  };
  is32bit(): boolean;
  getImageBase(): number;
  getAllSections(): ReadonlyArray<{
    info: { name: string; virtualSize: number; sizeOfRawData: number; characteristics: number };
    data: ArrayBuffer | null;
  }>;
}
export interface PeLibrary {
  NtExecutable: {
    from(bytes: ArrayBuffer | ArrayBufferView, options?: { ignoreCert?: boolean }): PeExecutable;
    createEmpty(is32Bit?: boolean, isDLL?: boolean): PeExecutable & { generate(): ArrayBuffer };
  };
}

/**
 * pe-library, loaded by name: its type declarations reference the DOM library, which would change
 * Node's types (Blob, fetch bodies) for every file compiled with them.
 */
const PE_LIBRARY = 'pe-library';
export const loadPeLibrary = async () => (await import(PE_LIBRARY)) as PeLibrary;

const MACHINES: Record<number, string> = {
  332: 'i386',
  34404: 'AMD64',
  43620: 'ARM64',
  448: 'ARM',
  452: 'ARMv7 Thumb',
  512: 'IA64',
};
const SUBSYSTEMS: Record<number, string> = {
  1: 'native',
  2: 'Windows GUI',
  3: 'Windows console',
  9: 'Windows CE GUI',
  10: 'EFI application',
};
const IMAGE_FILE_DLL = 0x2000;
const SCN_EXECUTE = 0x20000000;
const SCN_WRITE = 0x80000000;
const SECURITY_DIRECTORY = 4;

export interface PeSection {
  name: string;
  virtualSize: number;
  rawSize: number;
  entropy: number;
  executable: boolean;
  writable: boolean;
}

export type PeInfo =
  | {
      machine: string;
      compiledAt: string;
      dll: boolean;
      subsystem: string;
      is64bit: boolean;
      entryPoint: number;
      imageBase: number;
      signed: boolean;
      sections: PeSection[];
      suspiciousSections: string[];
    }
  | { error: string };

export async function peInfo(bytes: Buffer): Promise<PeInfo> {
  const { NtExecutable } = await loadPeLibrary();
  let exe: PeExecutable;
  try {
    exe = NtExecutable.from(bytes, { ignoreCert: true });
  } catch (error) {
    return { error: `not a readable PE file: ${(error as Error).message}` };
  }
  const header = exe.newHeader.fileHeader;
  const optional = exe.newHeader.optionalHeader;
  const sections = exe.getAllSections().map((s): PeSection => {
    const data = s.data ? Buffer.from(s.data) : Buffer.alloc(0);
    return {
      name: s.info.name,
      virtualSize: s.info.virtualSize,
      rawSize: s.info.sizeOfRawData,
      entropy: entropy(data),
      executable: (s.info.characteristics & SCN_EXECUTE) !== 0,
      writable: (s.info.characteristics & SCN_WRITE) !== 0,
    };
  });
  const security = exe.newHeader.optionalHeaderDataDirectory.get(SECURITY_DIRECTORY);
  return {
    machine: MACHINES[header.machine] ?? `0x${header.machine.toString(16)}`,
    compiledAt: new Date(header.timeDateStamp * 1000).toISOString(),
    dll: (header.characteristics & IMAGE_FILE_DLL) !== 0,
    subsystem: SUBSYSTEMS[optional.subsystem] ?? String(optional.subsystem),
    is64bit: !exe.is32bit(),
    entryPoint: optional.addressOfEntryPoint,
    imageBase: exe.getImageBase(),
    signed: security.size > 0,
    sections,
    suspiciousSections: sections
      .filter((s) => (s.executable && s.writable) || s.entropy > 7.2)
      .map((s) => `${s.name}${s.executable && s.writable ? ' (writable and executable)' : ' (packed?)'}`),
  };
}
