//! A safe, serialized wrapper over espeak-ng's C API: one global synthesizer, used under a
//! lock, in synchronous mode, reporting every phoneme with its sample position.

use espeak_rs_sys as ffi;
use std::ffi::{CString, c_int, c_short, c_void};
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

include!(concat!(env!("OUT_DIR"), "/espeak_data.rs"));

unsafe extern "C" {
    /// espeak-ng's noise generator seed (seeded from the clock at start-up); reseeding it
    /// before each line keeps the clock out of the sound.
    fn espeak_srand(seed: std::ffi::c_long);
}

/// What espeak-ng produced for one piece of text.
pub struct Synthesis {
    /// Mono 16-bit samples at `rate`.
    pub samples: Vec<i16>,
    /// Sample rate in Hz.
    pub rate: u32,
    /// (sample position, espeak phoneme mnemonic) of every phoneme, in order.
    pub phonemes: Vec<(usize, String)>,
}

/// How to voice a line.
pub struct VoiceSettings<'a> {
    /// espeak voice name, e.g. `en-us+f3`.
    pub name: &'a str,
    /// Base pitch, 0–100.
    pub pitch: i32,
    /// Pitch range, 0–100.
    pub range: i32,
    /// Speaking rate in words per minute.
    pub rate: i32,
}

/// The synthesizer, once initialised: its sample rate, or why it failed.
static ENGINE: OnceLock<Result<Mutex<u32>, String>> = OnceLock::new();

/// Writes the embedded data to a folder of its own (once per data version) and returns
/// the folder that contains `espeak-ng-data`.
fn unpack_data() -> std::io::Result<PathBuf> {
    let size: usize = DATA.iter().map(|(_, bytes)| bytes.len()).sum();
    let root = std::env::temp_dir().join(format!(
        "diorama-espeak-{}-{size}",
        env!("CARGO_PKG_VERSION")
    ));
    let data = root.join("espeak-ng-data");
    if data.join("phontab").exists() {
        return Ok(root);
    }
    // Unpack beside it and rename into place, so a reader never sees half the files.
    let staging = std::env::temp_dir().join(format!(
        "diorama-espeak-staging-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    for (path, bytes) in DATA {
        let file = staging.join("espeak-ng-data").join(path);
        std::fs::create_dir_all(file.parent().expect("data files sit in a folder"))?;
        std::fs::write(file, bytes)?;
    }
    match std::fs::rename(&staging, &root) {
        Ok(()) => Ok(root),
        // Another process won the race; theirs is identical.
        Err(_) if data.join("phontab").exists() => {
            let _ = std::fs::remove_dir_all(&staging);
            Ok(root)
        }
        Err(e) => Err(e),
    }
}

fn engine() -> Result<&'static Mutex<u32>, String> {
    ENGINE
        .get_or_init(|| {
            let root = unpack_data().map_err(|e| format!("cannot unpack espeak-ng data: {e}"))?;
            let path = CString::new(root.to_string_lossy().as_bytes())
                .map_err(|_| "the temporary folder's path contains a NUL byte".to_string())?;
            let options =
                (ffi::espeakINITIALIZE_PHONEME_EVENTS | ffi::espeakINITIALIZE_DONT_EXIT) as c_int;
            // SAFETY: called once, before any other espeak call, with a valid C string.
            let rate = unsafe {
                ffi::espeak_Initialize(
                    ffi::espeak_AUDIO_OUTPUT_AUDIO_OUTPUT_SYNCHRONOUS,
                    0,
                    path.as_ptr(),
                    options,
                )
            };
            if rate <= 0 {
                return Err(format!(
                    "espeak-ng failed to start with its data in {}",
                    root.display()
                ));
            }
            // SAFETY: the callback is a plain function that only touches the user data.
            unsafe { ffi::espeak_SetSynthCallback(Some(collect)) };
            Ok(Mutex::new(rate as u32))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Receives audio and events during `espeak_Synth`; `user_data` is the `Synthesis`.
unsafe extern "C" fn collect(
    wav: *mut c_short,
    count: c_int,
    events: *mut ffi::espeak_EVENT,
) -> c_int {
    // SAFETY: espeak passes `count` valid samples and a list of events ending with
    // LIST_TERMINATED, each carrying the user data given to `espeak_Synth`, which is a
    // live `&mut Synthesis` for the duration of that call.
    unsafe {
        let mut event = events;
        while (*event).type_ != ffi::espeak_EVENT_TYPE_espeakEVENT_LIST_TERMINATED {
            let out = &mut *((*event).user_data as *mut Synthesis);
            if (*event).type_ == ffi::espeak_EVENT_TYPE_espeakEVENT_PHONEME {
                let bytes = (*event).id.string.map(|c| c as u8);
                let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
                let name = String::from_utf8_lossy(&bytes[..end]).into_owned();
                out.phonemes.push(((*event).sample.max(0) as usize, name));
            }
            event = event.add(1);
        }
        if !wav.is_null() && count > 0 && !(*events).user_data.is_null() {
            let out = &mut *((*events).user_data as *mut Synthesis);
            out.samples
                .extend_from_slice(std::slice::from_raw_parts(wav, count as usize));
        }
    }
    0
}

/// Speaks `text` with `voice`.
pub fn synthesize(text: &str, voice: &VoiceSettings) -> Result<Synthesis, String> {
    let lock = engine()?;
    let guard = lock.lock().unwrap_or_else(|e| e.into_inner());
    let rate = *guard;
    let name = CString::new(voice.name).map_err(|_| "voice name contains a NUL byte")?;
    let text = CString::new(text.replace('\0', " ")).expect("NUL bytes were replaced");
    let mut out = Synthesis {
        samples: Vec::new(),
        rate,
        phonemes: Vec::new(),
    };
    // SAFETY: the lock serializes all use of the global synthesizer; the strings outlive
    // the calls; `out` outlives the synchronous `espeak_Synth`, which is the only time the
    // callback sees it.
    let status = unsafe {
        espeak_srand(1);
        let mut status = ffi::espeak_SetVoiceByName(name.as_ptr());
        for (parameter, value) in [
            (ffi::espeak_PARAMETER_espeakPITCH, voice.pitch),
            (ffi::espeak_PARAMETER_espeakRANGE, voice.range),
            (ffi::espeak_PARAMETER_espeakRATE, voice.rate),
        ] {
            if status == ffi::espeak_ERROR_EE_OK {
                status = ffi::espeak_SetParameter(parameter, value, 0);
            }
        }
        if status == ffi::espeak_ERROR_EE_OK {
            status = ffi::espeak_Synth(
                text.as_ptr() as *const c_void,
                text.as_bytes_with_nul().len(),
                0,
                ffi::espeak_POSITION_TYPE_POS_CHARACTER,
                0,
                ffi::espeakCHARS_UTF8,
                std::ptr::null_mut(),
                &mut out as *mut Synthesis as *mut c_void,
            );
        }
        status
    };
    drop(guard);
    if status != ffi::espeak_ERROR_EE_OK {
        return Err(format!(
            "espeak-ng refused voice {} (error {status})",
            voice.name
        ));
    }
    Ok(out)
}
