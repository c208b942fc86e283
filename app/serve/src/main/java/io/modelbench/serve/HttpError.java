package io.modelbench.serve;

/** An answer other than 200 that the client is told plainly: {@code {"error": message}} with the status. */
final class HttpError extends RuntimeException {

    final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    /** The problem at one value: "instance 3, field 'age': ..." (instances count from 0, as in the JSON array). */
    static HttpError at(int instance, String field, String problem) {
        return new HttpError(400, "instance " + instance + ", field '" + field + "': " + problem);
    }
}
